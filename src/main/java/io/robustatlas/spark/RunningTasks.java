package io.robustatlas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the application's running task attempts, so a stage can wait for the stragglers before it
 * tidies up. Spark stops the losing copy of a speculative task (and the attempts of a finished
 * stage) asynchronously: such an attempt may still create its temp files after the job that
 * launched it has returned, and would leave them behind if the stage cleaned up at once.
 */
public final class RunningTasks extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningTasks.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final SparkContext context;
  private final AtomicInteger running = new AtomicInteger();

  private RunningTasks(SparkContext context) {
    this.context = context;
  }

  /** Starts counting; register before the stage's first job. */
  public static RunningTasks watch(SparkContext context) {
    RunningTasks tasks = new RunningTasks(context);
    context.addSparkListener(tasks);
    return tasks;
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart taskStart) {
    running.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    running.decrementAndGet();
  }

  /**
   * Waits until no task attempt runs (at most {@code patience}), then deletes the temp files that
   * stopped attempts left in {@code outDir} and its sub-folders. Finished outputs are never touched:
   * only names with {@link Outputs#TEMP_PREFIX}.
   */
  public void settle(Configuration conf, Path outDir, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (running.get() > 0 && System.nanoTime() < deadline) {
      sleep();
    }
    if (running.get() > 0) {
      LOG.warn(
          "{} task attempt(s) still running after {}; their temp files are removed by the next run",
          running.get(),
          ProgressLog.format(patience));
      return;
    }
    try {
      int deleted = Outputs.deleteLeftoversBelow(conf, outDir);
      if (deleted > 0) {
        LOG.info("removed {} temp file(s) of stopped task attempts from {}", deleted, outDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up temp files in " + outDir, e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for task attempts to stop", e);
    }
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }
}
