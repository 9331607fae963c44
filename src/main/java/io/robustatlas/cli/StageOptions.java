package io.robustatlas.cli;

import io.robustatlas.AtlasException;
import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.ConfigLoader;
import io.robustatlas.run.OutputLock;
import io.robustatlas.run.Preflight;
import io.robustatlas.run.StageResult;
import io.robustatlas.spark.RunningTasks;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.Path;
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
          "Reuse an output folder made with a different config or data (its finished work is"
              + " kept), or take over the lock a dead run left in it.")
  boolean force;

  @Option(
      names = "--lock-token",
      hidden = true,
      description = "The run's token (submit.sh): a lock holding it is this run's own.")
  String lockToken = UUID.randomUUID().toString();

  @Option(
      names = "--keep-lock",
      hidden = true,
      description = "Keep the output lock when the stage succeeds (submit.sh: more stages follow).")
  boolean keepLock;

  /** How long a finished stage waits for stopped task attempts before removing their temp files. */
  private static final Duration SETTLE_PATIENCE = Duration.ofMinutes(1);

  /**
   * Validates the config and runs the stage's {@code checks} (data files, engines: {@link
   * Preflight}) before Spark starts, then runs one stage in its own SparkSession, removes the temp
   * files of task attempts Spark stopped (speculative losers), prints its summary and returns the
   * exit code (1 when some items failed).
   */
  int runStage(
      String stage,
      BiConsumer<Preflight, AtlasConfig> checks,
      BiFunction<SparkSession, AtlasConfig, StageResult> job) {
    AtlasConfig config = ConfigLoader.load(conf, overrides);
    Preflight preflight = Preflight.fromSubmit().outputFolder(out);
    checks.accept(preflight, config);
    try (OutputLock lock =
        OutputLock.acquire(preflight.hadoopConfiguration(), out, stage, lockToken, force)) {
      int code = runLocked(stage, config, job);
      if (code == 0 && keepLock) {
        lock.keep();
      }
      return code;
    }
  }

  /**
   * A stage that has nothing to do in this run: it prints why and succeeds, touching nothing but
   * the run's own output lock, which it releases as the run's last stage (a later stage takes it
   * over otherwise).
   */
  int skip(String stage, String reason) {
    if (!keepLock) {
      OutputLock.releaseIfHeld(
          Preflight.fromSubmit().hadoopConfiguration(), out, lockToken);
    }
    Main.report(stage + ": skipped (" + reason + ")");
    return 0;
  }

  private int runLocked(
      String stage, AtlasConfig config, BiFunction<SparkSession, AtlasConfig, StageResult> job) {
    try (SparkSession spark = Sessions.create(stage);
        RunningTasks tasks = RunningTasks.watch(spark.sparkContext())) {
      StageResult result = job.apply(spark, config);
      tasks.settle(spark.sparkContext().hadoopConfiguration(), new Path(out), SETTLE_PATIENCE);
      Main.report(result.summary());
      return result.failed() > 0 ? AtlasException.PARTIAL_FAILURE : 0;
    }
  }
}
