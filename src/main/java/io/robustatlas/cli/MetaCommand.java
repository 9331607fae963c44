package io.robustatlas.cli;

import io.robustatlas.meta.MetaJob;
import io.robustatlas.meta.MetaOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meta}: fits meta-networks and baselines on {@code <out>/pairs.parquet}. */
@Command(
    name = "meta",
    mixinStandardHelpOptions = true,
    description = {
      "Split the pairs of <out>/pairs.parquet (by model or by pair), fit meta-networks that read a"
          + " model's activations (ratio regression, correctness classification) and baselines on"
          + " the training split, and write <out>/meta/: split.parquet, metrics.parquet,"
          + " predictions.parquet and the networks' zips. Prints the test-split comparison.",
      "A rerun into the same --out fits only the cells that are missing.",
      "Exit code 1 when some cells could not be fitted (listed at the end)."
    })
final class MetaCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return stage.runStage(
        "meta",
        (preflight, config) -> {},
        (spark, config) ->
            new MetaJob(spark, new MetaOptions(config, stage.out, stage.force)).run());
  }
}
