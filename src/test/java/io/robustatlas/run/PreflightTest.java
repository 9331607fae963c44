package io.robustatlas.run;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.AtlasException;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.Pooling;
import java.util.List;
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

  @Test
  void aLaneTrainerNamedForAGridWithOtherVariantsIsRefusedAndAutoIsNot() {
    List<Architecture> grid =
        List.of(Architecture.LENET5, new Architecture(Activation.ELU, Pooling.AVG, 0));
    String message =
        assertBadInput(
            AtlasException.class,
            () -> on("local[2]", null).trainEngine("train.engine", EngineKind.SCALAR, grid));
    assertEquals(
        "Cannot set train.engine to scalar for the grid's " + grid.get(1) + ": it trains ReLU /"
            + " max-pool LeNet-5s without dropout; use auto (DL4J trains the other variants) or"
            + " dl4j",
        message);
    on("local[2]", null)
        .trainEngine("train.engine", EngineKind.AUTO, grid)
        .trainEngine("train.engine", EngineKind.DL4J, grid)
        .trainEngine("train.engine", EngineKind.VECTOR, List.of(Architecture.LENET5));
  }
}
