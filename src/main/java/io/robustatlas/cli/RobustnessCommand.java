package io.robustatlas.cli;

import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.robustness.RobustnessJob;
import io.robustatlas.robustness.RobustnessOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code robustness}: measures every kept model of {@code <out>/models.parquet} under noise. */
@Command(
    name = "robustness",
    mixinStandardHelpOptions = true,
    description = {
      "For every kept model of <out>/models.parquet, select test samples (per class: correct and"
          + " wrong ones), measure the confidence ratio over noisy copies (robustness.noise:"
          + " gaussian, impulse, shot or weight noise), and write <out>/pairs.parquet and"
          + " <out>/pair-counts.parquet.",
      "A rerun into the same --out probes only the models whose pairs are not yet committed.",
      "Exit code 1 when some models could not be probed (listed at the end)."
    })
final class RobustnessCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return stage.runStage(
        "robustness",
        (preflight, config) ->
            preflight
                .dataFiles(config.data().testImages(), config.data().testLabels())
                .engine(RobustnessConfig.ENGINE, config.robustness().engine()),
        (spark, config) ->
            new RobustnessJob(spark, new RobustnessOptions(config, stage.out, stage.force)).run());
  }
}
