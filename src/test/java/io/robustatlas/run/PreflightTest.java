package io.robustatlas.run;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.AtlasException;
import io.robustatlas.engine.EngineKind;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The engine check for executors, which this JVM cannot try: it reads their Java options. */
class PreflightTest {
  private static Preflight on(String master, String executorOptions) {
    SparkConf conf = new SparkConf(false).set("spark.master", master);
    if (executorOptions != null) {
      conf.set("spark.executor.extraJavaOptions", executorOptions);
    }
    return new Preflight(conf);
  }

  @Test
  void vectorOnAClusterNeedsTheModuleInTheExecutorsOptions() {
    String message =
        assertBadInput(
            AtlasException.class,
            () -> on("spark://master:7077", "-Xss4m").engine("robustness.engine", EngineKind.VECTOR));
    assertEquals(
        "Cannot set robustness.engine to vector on spark://master:7077:"
            + " spark.executor.extraJavaOptions lacks --add-modules jdk.incubator.vector (see"
            + " jobs/*.properties); use engine auto or scalar",
        message);
  }

  @Test
  void vectorWithTheModuleOrLocallyOrAutoPasses() {
    on("yarn", "--add-modules jdk.incubator.vector").engine("k", EngineKind.VECTOR);
    on("local[2]", null).engine("k", EngineKind.VECTOR);
    on("yarn", null).engine("k", EngineKind.AUTO).engine("k", EngineKind.SCALAR);
  }
}
