package io.robustatlas.cli;

import io.robustatlas.config.ConfigLoader;
import io.robustatlas.config.EnsembleConfig;
import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.ensemble.EnsembleJob;
import io.robustatlas.ensemble.EnsembleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ensemble}: every kept model against ensembles of its weight-noise copies. */
@Command(
    name = "ensemble",
    mixinStandardHelpOptions = true,
    description = {
      "For every kept model of <out>/models.parquet, score the model and its ensembles with"
          + " ensemble.copies weight-noise copies (hard, soft and learned voting) on the whole test"
          + " set, clean and under each input noise of robustness.noise, and write"
          + " <out>/ensemble.parquet.",
      "A rerun into the same --out evaluates only the models not yet in the table.",
      "Exit code 1 when some models could not be evaluated (listed at the end)."
    })
final class EnsembleCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(
      names = "--if-enabled",
      description =
          "Run only if "
              + EnsembleConfig.IN_DEFAULT_RUN
              + " is true (submit.sh passes this when"
              + " no stage is named).")
  boolean ifEnabled;

  @Override
  public Integer call() {
    if (ifEnabled && !ConfigLoader.load(stage.conf, stage.overrides).ensemble().inDefaultRun()) {
      return stage.skip("ensemble", EnsembleConfig.IN_DEFAULT_RUN + " = false");
    }
    return stage.runStage(
        "ensemble",
        (preflight, config) ->
            preflight
                .dataFiles(config.data().trainImages(), config.data().trainLabels())
                .dataFiles(config.data().testImages(), config.data().testLabels())
                .engine(RobustnessConfig.ENGINE, config.robustness().engine()),
        (spark, config) ->
            new EnsembleJob(spark, new EnsembleOptions(config, stage.out, stage.force)).run());
  }
}
