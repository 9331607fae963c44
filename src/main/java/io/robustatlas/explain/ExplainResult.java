package io.robustatlas.explain;

import io.robustatlas.run.ItemCounts;
import io.robustatlas.run.StageResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an explain run did, and the stage's headline: whether pairs whose prediction breaks under
 * noise spread their relevance differently from the robust ones.
 *
 * @param keptModels models the train stage kept
 * @param explainedNow models explained by this run
 * @param alreadyDone models an earlier run committed
 * @param failures one line per model that could not be explained (retried by the next run)
 * @param correlations per noise kind and level of {@code pairs.parquet}, over every committed pair
 * @param meanNeededChannels mean over committed images of the channels the greedy selection needs
 * @param robustnessSeconds the robustness stage's recorded duration, NaN if none is recorded
 * @param kernelsDir the written {@code explain-kernels.parquet}
 * @param pairsDir the written {@code explain-pairs.parquet}
 * @param elapsed wall time of the stage
 */
public record ExplainResult(
    int keptModels,
    int explainedNow,
    int alreadyDone,
    List<String> failures,
    List<Correlation> correlations,
    double meanNeededChannels,
    double robustnessSeconds,
    String kernelsDir,
    String pairsDir,
    Duration elapsed)
    implements StageResult {

  /**
   * Pearson's r between a pair's relevance concentration (share of |R| in its top 10% pixels) and
   * its ratio, for correct and for wrong pairs; NaN when undefined (fewer than two pairs, or no
   * variation).
   */
  public record Correlation(
      String noise, double level, double correct, long correctPairs, double wrong,
      long wrongPairs) {}

  public ExplainResult {
    failures = List.copyOf(failures);
    correlations = List.copyOf(correlations);
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = progress().counts();
    counts.put("mean_needed_channels", meanNeededChannels);
    for (Correlation c : correlations) {
      String key = "r_" + c.noise() + "_" + c.level();
      counts.put(key + "_correct", c.correct());
      counts.put(key + "_wrong", c.wrong());
    }
    return counts;
  }

  /** Summary for the console; failures each on their own line after it. */
  @Override
  public String summary() {
    StringBuilder text =
        new StringBuilder(
            "explain: " + progress()
                + "; relevance concentration (top 10% of pixels) vs ratio:");
    for (Correlation c : correlations) {
      text.append(
          String.format(
              " %s %s: correct r = %+.3f (%d pairs), wrong r = %+.3f (%d pairs);",
              c.noise(), c.level(), c.correct(), c.correctPairs(), c.wrong(), c.wrongPairs()));
    }
    text.append(
        String.format(
            " channels needed per image: mean %.1f of %d; %.1f s (robustness stage: %.1f s); %s,"
                + " %s",
            meanNeededChannels,
            LeNetBackprop.CHANNELS,
            elapsed.toMillis() / 1e3,
            robustnessSeconds,
            kernelsDir,
            pairsDir));
    return text.append(StageResult.failureLines(failures)).toString();
  }

  private ItemCounts progress() {
    return new ItemCounts(
        "kept models", "explained", keptModels, explainedNow, alreadyDone, failures.size());
  }
}
