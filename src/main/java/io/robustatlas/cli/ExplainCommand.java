package io.robustatlas.cli;

import io.robustatlas.config.ConfigLoader;
import io.robustatlas.config.ExplainConfig;
import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.explain.ExplainJob;
import io.robustatlas.explain.ExplainOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code explain}: kernel spectra, channel ablation and relevance maps of the probed pairs. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "For every kept model and the samples of <out>/pairs.parquet, write the power spectra of its"
          + " convolution kernels, the cost of switching off each channel and the channels each"
          + " image needs to <out>/explain-kernels.parquet, and each probed sample's gradient and"
          + " Taylor relevance map to <out>/explain-pairs.parquet. Prints how relevance"
          + " concentration correlates with the ratio.",
      "A rerun into the same --out explains only the models not yet committed.",
      "Exit code 1 when some models could not be explained (listed at the end)."
    })
final class ExplainCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(
      names = "--if-enabled",
      description =
          "Run only if "
              + ExplainConfig.IN_DEFAULT_RUN
              + " is true (submit.sh passes this when no stage is named).")
  boolean ifEnabled;

  @Override
  public Integer call() {
    if (ifEnabled && !ConfigLoader.load(stage.conf, stage.overrides).explain().inDefaultRun()) {
      return stage.skip("explain", ExplainConfig.IN_DEFAULT_RUN + " = false");
    }
    return stage.runStage(
        "explain",
        (preflight, config) ->
            preflight
                .dataFiles(config.data().testImages(), config.data().testLabels())
                .engine(RobustnessConfig.ENGINE, config.robustness().engine()),
        (spark, config) ->
            new ExplainJob(spark, new ExplainOptions(config, stage.out, stage.force)).run());
  }
}
