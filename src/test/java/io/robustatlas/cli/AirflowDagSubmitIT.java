package io.robustatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG ({@code jobs/airflow/robustness_atlas.py}) through its Python test, which loads
 * it against a stand-in of Airflow, renders its commands as Airflow would and runs them (see that
 * file); then the outputs of the rendered run are read back with Spark. Needs Debian's python3 with
 * python3-jinja2 and python3-croniter: {@code .ci/run} installs them; elsewhere the test is skipped
 * when they are missing, but under CI ({@code CI} set) it fails.
 */
class AirflowDagSubmitIT {
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  @Test
  void renderedCommandsRunThePipeline() throws Exception {
    requirePython();
    Path log = dir.resolve("dag-test.log");
    Process process =
        new ProcessBuilder(PYTHON, "jobs/airflow/test_robustness_atlas.py", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(process.waitFor(20, TimeUnit.MINUTES), "DAG test timed out; " + log);
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("all DAG checks passed"), output);

    Path out = dir.resolve("runs").resolve("2026-11-29");
    SparkSession spark = SparkTestSession.start("AirflowDagSubmitIT");
    try {
      assertEquals(3, spark.read().parquet(out.resolve("models.parquet").toString()).count());
      long pairs = spark.read().parquet(out.resolve("pairs.parquet").toString()).count();
      assertTrue(pairs > 0 && pairs <= 3 * 40, "pairs: " + pairs);
      assertTrue(spark.read().parquet(out.resolve("ensemble.parquet").toString()).count() > 0);
      assertTrue(spark.read().parquet(out.resolve("meta/metrics.parquet").toString()).count() > 0);
      // 3 models x 22 convolution channels.
      assertEquals(
          66, spark.read().parquet(out.resolve("explain-kernels.parquet").toString()).count());
      assertTrue(Files.readString(out.resolve("report/index.html")).contains("Meta-networks"),
          "the report task drew every stage's outputs");
    } finally {
      spark.stop();
    }
  }

  /** Skips where the Python tools are missing, except under CI, where that is a failure. */
  private static void requirePython() throws Exception {
    boolean ready = false;
    if (Files.isExecutable(Path.of(PYTHON))) {
      Process probe = new ProcessBuilder(PYTHON, "-c", "import jinja2, croniter").start();
      probe.getInputStream().readAllBytes();
      ready = probe.waitFor() == 0;
    }
    String missing =
        "Debian's python3 with python3-jinja2 and python3-croniter is needed"
            + " (apt-get install -y python3-jinja2 python3-croniter)";
    if (System.getenv("CI") != null) {
      assertTrue(ready, missing);
    }
    Assumptions.assumeTrue(ready, missing + ": skipped outside CI");
  }
}
