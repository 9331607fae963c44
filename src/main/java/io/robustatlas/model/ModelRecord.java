package io.robustatlas.model;

import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.TrainSpec;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What the train stage knows about one model: its hyperparameters and how training went. Written
 * next to the model zip as JSON when the model is committed (the rerun's record of finished work),
 * and gathered into {@code models.parquet}. Whether a model is kept is not stored here: it follows
 * from the accuracy and the current {@code train.min-accuracy}.
 *
 * @param activation hidden-layer activation ({@code grid.activation}); {@code relu} in records of
 *     versions before the architecture axes, which lack it
 * @param pooling pooling kind ({@code grid.pooling}); {@code max} where a record lacks it
 * @param dropout dropout rate in training ({@code grid.dropout}); 0 where a record lacks it
 * @param testAccuracy share of test images classified correctly (NaN if training diverged)
 * @param epochLoss mean minibatch loss per completed epoch
 * @param trainSeconds wall time of training and evaluation
 * @param modelPath the model zip relative to the output folder ({@code models/<model_id>.zip}), or
 *     null when training diverged (no model is written)
 */
public record ModelRecord(
    String modelId,
    String optimizer,
    double learningRate,
    double l2,
    int epochs,
    long seed,
    String init,
    int batchSize,
    String activation,
    String pooling,
    double dropout,
    String trainFingerprint,
    double testAccuracy,
    double[] epochLoss,
    double trainSeconds,
    boolean diverged,
    String modelPath)
    implements Serializable {

  public ModelRecord {
    activation = activation == null ? Architecture.LENET5.activation().toString() : activation;
    pooling = pooling == null ? Architecture.LENET5.pooling().toString() : pooling;
  }

  /** A record for a trained spec. */
  public static ModelRecord of(
      TrainSpec spec,
      double testAccuracy,
      double[] epochLoss,
      double trainSeconds,
      boolean diverged,
      String modelPath) {
    return new ModelRecord(
        spec.modelId(),
        spec.optimizer().toString(),
        spec.learningRate(),
        spec.l2(),
        spec.epochs(),
        spec.seed(),
        spec.init().toString(),
        spec.batchSize(),
        spec.architecture().activation().toString(),
        spec.architecture().pooling().toString(),
        spec.architecture().dropout(),
        spec.trainFingerprint(),
        testAccuracy,
        epochLoss.clone(),
        trainSeconds,
        diverged,
        modelPath);
  }

  /** Kept for the robustness stage: trained without diverging and accurate enough. */
  public boolean kept(double minAccuracy) {
    return !diverged && testAccuracy >= minAccuracy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelRecord that
        && toString().equals(that.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "ModelRecord[" + modelId + " " + optimizer + " lr=" + learningRate + " l2=" + l2
        + " epochs=" + epochs + " seed=" + seed + " init=" + init + " batch=" + batchSize
        + " activation=" + activation + " pooling=" + pooling + " dropout=" + dropout
        + " train=" + trainFingerprint + " accuracy=" + testAccuracy
        + " loss=" + Arrays.toString(epochLoss) + " seconds=" + trainSeconds
        + " diverged=" + diverged + " path=" + modelPath + "]";
  }
}
