package io.robustatlas.cli;

import io.robustatlas.AtlasException;
import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.ConfigLoader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import io.robustatlas.run.StageResult;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every stage takes: the config file, overrides and the output folder. */
final class StageOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      defaultValue = "conf/default.conf",
      description = "HOCON config file (default: ${DEFAULT-VALUE}).")
  File conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set grid.seed=[0,1]. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "runs/default",
      description = "Output folder, any Hadoop path (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(
      names = "--force",
      description =
          "Reuse an output folder made with a different config (its finished work is kept).")
  boolean force;

  /**
   * Validates the config, then runs one stage in its own SparkSession, prints its summary and
   * returns the exit code (1 when some items failed).
   */
  int runStage(String stage, BiFunction<SparkSession, AtlasConfig, StageResult> job) {
    AtlasConfig config = ConfigLoader.load(conf, overrides);
    try (SparkSession spark = Sessions.create(stage)) {
      StageResult result = job.apply(spark, config);
      Main.report(result.summary());
      return result.failed() > 0 ? AtlasException.PARTIAL_FAILURE : 0;
    }
  }
}
