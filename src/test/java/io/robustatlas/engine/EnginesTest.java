package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine selection: the automatic choice is the vector engine only where it runs fast (the {@code
 * jdk.incubator.vector} module and a JIT with fused multiply-add); elsewhere it is the scalar engine
 * and no Vector API class is ever loaded. (Surefire starts its JVM with the module on an FMA CPU,
 * so the fallbacks run in child JVMs.)
 */
class EnginesTest {

  @Test
  void autoIsVectorWhereItRunsFast() {
    assertTrue(Engines.vectorAvailable());
    assertEquals(EngineKind.VECTOR, Engines.resolve(EngineKind.AUTO));
    assertEquals(EngineKind.SCALAR, Engines.resolve(EngineKind.SCALAR));
  }

  @Test
  void kindsAreNamedInLowerCase() {
    assertEquals(
        List.of("auto", "vector", "scalar", "dl4j"),
        List.of(EngineKind.values()).stream().map(EngineKind::toString).toList());
  }

  @Test
  void dl4jKindIsTheReferencePredictor() {
    TrainSpec spec = new TrainSpec(Optimizer.SGD, 0.01, 0, 1, 1, InitScheme.DEFAULT, 64, "none");
    assertInstanceOf(
        Dl4jPredictor.class, Engines.predictor(EngineKind.DL4J, LeNet5.create(spec), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jvmsWithoutAFastVectorEngine")
  void autoIsScalarAndNoVectorClassLoads(String why, List<String> jvmOptions, String refusal)
      throws Exception {
    float[] expected = new float[3 * LeNet5.CLASSES];
    Engines.predictor(EngineKind.SCALAR, RandomLeNet.weights(5), 1)
        .logits(RandomLeNet.noisyImages(3, 0.9, 17), 3, expected);

    List<String> lines = runProbe(jvmOptions);

    String output = String.join("\n", lines);
    assertTrue(lines.contains("auto=scalar"), output);
    assertTrue(lines.contains("vector=" + refusal), output);
    assertTrue(lines.contains("logit0=" + expected[0]), output);
    List<String> loaded = lines.stream().filter(l -> l.contains("[class,load]")).toList();
    assertTrue(loaded.stream().anyMatch(l -> l.contains(" io.robustatlas.engine.ScalarKernel ")));
    assertFalse(
        loaded.stream().anyMatch(l -> l.contains("VectorKernel") || l.contains("incubator.vector")),
        "a Vector API class was loaded");
  }

  static Stream<Arguments> jvmsWithoutAFastVectorEngine() {
    return Stream.of(
        Arguments.of(
            "no vector module",
            List.of(),
            "Cannot use engine vector: this JVM lacks module jdk.incubator.vector (start it with"
                + " --add-modules jdk.incubator.vector); use engine auto or scalar"),
        Arguments.of(
            "no fused multiply-add",
            List.of("--add-modules", "jdk.incubator.vector", "-XX:-UseFMA"),
            "Cannot use engine vector: the JIT emits no fused multiply-add on this CPU (HotSpot"
                + " UseFMA is false), which makes the vector engine about 100 times slower than"
                + " the scalar one; use engine auto or scalar"));
  }

  /** Output lines of {@link ScalarFallbackProbe} in a JVM on our class path, logging class loads. */
  private static List<String> runProbe(List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Xlog:class+load=info",
            "-cp",
            System.getProperty("java.class.path"),
            ScalarFallbackProbe.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), text);
    return text.lines().toList();
  }
}
