package io.robustatlas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.testing.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage's clean-up after its jobs: it must wait for task attempts that are still running (as a
 * stopped speculative copy may be) and only then remove temp files, in the output folder and every
 * folder below it, leaving finished outputs alone.
 */
class RunningTasksTest {
  private static SparkSession spark;

  @TempDir Path out;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start("running-tasks");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void waitsForRunningAttemptsThenRemovesOnlyTempFiles() throws Exception {
    Path models = Files.createDirectories(out.resolve("models"));
    Path finished = Files.writeString(models.resolve("abc.zip"), "model");
    Files.writeString(models.resolve(Outputs.TEMP_PREFIX + "crashed"), "partial");
    // A stopped attempt of a table write: its temp folder inside the table's folder, deep down.
    Path table = Files.createDirectories(out.resolve("meta/split.parquet"));
    Path finishedPart = Files.writeString(table.resolve("part-model.parquet"), "split");
    Path deepTemp = table.resolve(Outputs.TEMP_PREFIX + "part-pair.parquet-1/_temporary/0");
    Files.createDirectories(deepTemp);
    Path late = out.resolve(Outputs.TEMP_PREFIX + "late");
    String latePath = late.toString();
    try (RunningTasks tasks = RunningTasks.watch(spark.sparkContext())) {
      // A task that writes a temp file after a while, like a stopped attempt still unwinding.
      JavaFutureAction<Void> straggler =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(List.of(1), 1)
              .foreachAsync(i -> writeLater(latePath));
      awaitStarted(late, straggler);
      tasks.settle(
          spark.sparkContext().hadoopConfiguration(),
          new org.apache.hadoop.fs.Path(out.toString()),
          Duration.ofSeconds(30));
      assertTrue(straggler.isDone(), "settle returned before the running task ended");
    }
    assertFalse(Files.exists(late), "temp file of the late task");
    assertFalse(Files.exists(models.resolve(Outputs.TEMP_PREFIX + "crashed")), "temp file below");
    assertFalse(Files.exists(deepTemp.getParent().getParent()), "temp folder two levels below");
    assertEquals("model", Files.readString(finished));
    assertEquals("split", Files.readString(finishedPart));
  }

  /** Waits until the task runs (its marker exists), so settle sees it running. */
  private static void awaitStarted(Path late, JavaFutureAction<Void> straggler) throws Exception {
    Path marker = Path.of(late + ".started");
    while (!Files.exists(marker) && !straggler.isDone()) {
      Thread.sleep(20);
    }
    Files.deleteIfExists(marker);
  }

  private static void writeLater(String path) {
    try {
      Files.writeString(Path.of(path + ".started"), "");
      Thread.sleep(1500);
      Files.writeString(Path.of(path), "partial");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
