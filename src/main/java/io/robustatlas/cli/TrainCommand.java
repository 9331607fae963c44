package io.robustatlas.cli;

import io.robustatlas.config.TrainConfig;
import io.robustatlas.train.TrainJob;
import io.robustatlas.train.TrainOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train}: trains the grid into {@code <out>/models} and {@code <out>/models.parquet}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train every LeNet-5 variant of the grid (one Spark task per model) and write"
          + " <out>/models/<model_id>.zip and <out>/models.parquet.",
      "A rerun into the same --out trains only the models that are missing."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return stage.runStage(
        "train",
        (preflight, config) ->
            preflight
                .dataFiles(config.data().trainImages(), config.data().trainLabels())
                .dataFiles(config.data().testImages(), config.data().testLabels())
                .engine(TrainConfig.ENGINE, config.train().engine())
                .trainEngine(
                    TrainConfig.ENGINE, config.train().engine(), config.grid().architectures()),
        (spark, config) ->
            new TrainJob(spark, new TrainOptions(config, stage.out, stage.force)).run());
  }
}
