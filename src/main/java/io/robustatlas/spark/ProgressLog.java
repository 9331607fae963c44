package io.robustatlas.spark;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Logs "done / total, elapsed, ETA" as a stage's Spark tasks finish (one task = one model), so a
 * long run shows where it stands in the driver log. It counts only tasks of jobs in the job group
 * named after the stage ({@code sc.setJobGroup(stage, ...)}), not the jobs that write outputs.
 */
public final class ProgressLog extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

  private final SparkContext context;
  private final String stage;
  private final String unit;
  private final int total;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private final Set<Integer> stageIds = ConcurrentHashMap.newKeySet();

  /** Starts listening; {@link #close()} stops. */
  public ProgressLog(SparkContext context, String stage, String unit, int total) {
    this.context = context;
    this.stage = stage;
    this.unit = unit;
    this.total = total;
    context.addSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    Properties properties = jobStart.properties();
    if (properties != null && stage.equals(properties.getProperty("spark.jobGroup.id"))) {
      for (Object stageId : JavaConverters.seqAsJavaList(jobStart.stageIds())) {
        stageIds.add((Integer) stageId);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stageIds.contains(taskEnd.stageId())) {
      return;
    }
    boolean speculative = taskEnd.taskInfo() != null && taskEnd.taskInfo().speculative();
    String attempt = speculative ? "speculative copy" : "task attempt";
    TaskEndReason reason = taskEnd.reason();
    if (reason instanceof TaskKilled) {
      LOG.info("{}: a {} was stopped: another attempt of its task finished first", stage, attempt);
      return;
    }
    if (reason instanceof TaskFailedReason failed) {
      LOG.warn("{}: a {} failed (Spark retries it): {}", stage, attempt, failed.toErrorString());
      return;
    }
    if (speculative) {
      LOG.info("{}: a speculative copy finished first (its output equals the original's)", stage);
    }
    int finished = done.incrementAndGet();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    Duration eta = elapsed.multipliedBy(Math.max(0, total - finished)).dividedBy(finished);
    LOG.info(
        "{}: {}/{} {} done, elapsed {}, ETA {}",
        stage, Math.min(finished, total), total, unit, format(elapsed), format(eta));
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }

  /** A duration as {@code 1h02m03s}, {@code 2m03s} or {@code 4s}. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds >= 3600) {
      return String.format("%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
    return seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }
}
