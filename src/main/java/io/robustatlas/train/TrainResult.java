package io.robustatlas.train;

import io.robustatlas.run.StageResult;
import java.time.Duration;
import java.util.Map;

/**
 * What a train run did.
 *
 * @param gridSize models in the (possibly sampled) grid
 * @param trainedNow models trained by this run
 * @param alreadyDone models found finished from an earlier run and not retrained
 * @param diverged models whose loss became NaN/∞
 * @param kept models kept for robustness (accuracy ≥ train.min-accuracy, not diverged)
 * @param bestAccuracy best test accuracy among non-diverged models (NaN if none)
 * @param bestModelId the model with {@code bestAccuracy}, or null
 * @param modelsTable path of the written {@code models.parquet}
 * @param elapsed wall time of the stage
 */
public record TrainResult(
    int gridSize,
    int trainedNow,
    int alreadyDone,
    int diverged,
    int kept,
    double bestAccuracy,
    String bestModelId,
    String modelsTable,
    Duration elapsed)
    implements StageResult {

  @Override
  public Map<String, Object> counts() {
    return Map.of(
        "grid_size", gridSize,
        "trained_now", trainedNow,
        "already_done", alreadyDone,
        "diverged", diverged,
        "kept", kept,
        "best_accuracy", Double.isNaN(bestAccuracy) ? "NaN" : bestAccuracy);
  }

  @Override
  public String summary() {
    return String.format(
        "train: %d models in the grid: %d trained now, %d already done; %d diverged, %d kept;"
            + " best test accuracy %.4f (%s); %s",
        gridSize, trainedNow, alreadyDone, diverged, kept, bestAccuracy, bestModelId, modelsTable);
  }
}
