package io.robustatlas.robustness;

import io.robustatlas.run.ItemCounts;
import io.robustatlas.run.StageResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a robustness run did.
 *
 * @param keptModels models the train stage kept
 * @param probedNow models probed by this run
 * @param alreadyDone models whose pairs an earlier run committed
 * @param pairsWritten pair rows written by this run
 * @param modelsWithShortfall models probed now that could not fill every quota
 * @param failures one line per model that could not be probed (it is retried by the next run)
 * @param meanRatios per noise kind and level, the mean ratio of all committed pairs the model
 *     classifies correctly and of those it misclassifies
 * @param pairsTable the pairs folder
 * @param ablation the ablation summary ({@code ablation.parquet}), one line per grid axis that
 *     varies and noise level
 * @param elapsed wall time of the stage
 */
public record RobustnessResult(
    int keptModels,
    int probedNow,
    int alreadyDone,
    long pairsWritten,
    int modelsWithShortfall,
    List<String> failures,
    List<LevelRatios> meanRatios,
    String pairsTable,
    List<String> ablation,
    Duration elapsed)
    implements StageResult {

  public RobustnessResult {
    failures = List.copyOf(failures);
    meanRatios = List.copyOf(meanRatios);
    ablation = List.copyOf(ablation);
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = progress().counts();
    counts.put("pairs_written", pairsWritten);
    counts.put("models_with_shortfall", modelsWithShortfall);
    return counts;
  }

  /** Summary for the console; failures each on their own line after it. */
  @Override
  public String summary() {
    StringBuilder text =
        new StringBuilder(
            String.format(
                "robustness: %s; %d pairs written; %d models short of a quota"
                    + " (see pair-counts.parquet); mean ratio by noise level: %s; %s",
                progress(),
                pairsWritten,
                modelsWithShortfall,
                meanRatios.stream().map(LevelRatios::toString).collect(Collectors.joining("; ")),
                pairsTable));
    ablation.forEach(line -> text.append('\n').append(line));
    return text.append(StageResult.failureLines(failures)).toString();
  }

  private ItemCounts progress() {
    return new ItemCounts(
        "kept models", "probed", keptModels, probedNow, alreadyDone, failures.size());
  }
}
