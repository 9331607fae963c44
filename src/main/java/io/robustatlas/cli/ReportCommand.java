package io.robustatlas.cli;

import io.robustatlas.report.ReportJob;
import io.robustatlas.report.ReportOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code report}: one HTML page of charts and tables over whatever the output folder holds. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Read whatever tables <out> holds (models, pairs, ensembles, meta-networks) and write"
          + " <out>/report/index.html: one self-contained page of charts and tables, with one line"
          + " per missing section naming the stage that would fill it.",
      "It describes the folder as the manifest records it: it has no settings of its own and"
          + " never refuses a folder made with another config."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return stage.runStage(
        "report",
        (preflight, config) -> preflight.runManifest(stage.out),
        (spark, config) -> new ReportJob(spark, new ReportOptions(stage.out)).run());
  }
}
