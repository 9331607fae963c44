package io.robustatlas.ensemble;

import io.robustatlas.run.ItemCounts;
import io.robustatlas.run.StageResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an ensemble run did, and how the votings compare with the single model.
 *
 * @param keptModels models the train stage kept
 * @param evaluatedNow models evaluated by this run
 * @param alreadyDone models whose rows an earlier run wrote
 * @param failures one line per model that could not be evaluated (it is retried by the next run)
 * @param gains per voting, over every (model, copies, noise, level) of the table
 * @param table the written {@code ensemble.parquet}
 * @param elapsed wall time of the stage
 */
public record EnsembleResult(
    int keptModels,
    int evaluatedNow,
    int alreadyDone,
    List<String> failures,
    List<Gain> gains,
    String table,
    Duration elapsed)
    implements StageResult {

  /**
   * How often a voting beat the single model on accuracy.
   *
   * @param cases (model, copies, noise, level) combinations compared
   * @param better those where the ensemble's accuracy is higher than the single model's
   * @param meanGain mean of (ensemble accuracy − single model accuracy)
   */
  public record Gain(String voting, long cases, long better, double meanGain) {}

  public EnsembleResult {
    failures = List.copyOf(failures);
    gains = List.copyOf(gains);
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = progress().counts();
    for (Gain gain : gains) {
      counts.put(gain.voting() + "_better", gain.better());
      counts.put(gain.voting() + "_cases", gain.cases());
      counts.put(gain.voting() + "_mean_gain", gain.meanGain());
    }
    return counts;
  }

  /** Summary for the console; failures each on their own line after it. */
  @Override
  public String summary() {
    StringBuilder text =
        new StringBuilder(
            "ensemble: " + progress() + "; accuracy against the single model:");
    for (Gain gain : gains) {
      text.append(
          String.format(
              " %s better in %d of %d cases (mean gain %+.4f);",
              gain.voting(), gain.better(), gain.cases(), gain.meanGain()));
    }
    text.append(' ').append(table);
    return text.append(StageResult.failureLines(failures)).toString();
  }

  private ItemCounts progress() {
    return new ItemCounts(
        "kept models", "evaluated", keptModels, evaluatedNow, alreadyDone, failures.size());
  }
}
