package io.robustatlas.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Chooses the {@link BatchPredictor} for an {@link EngineKind}. The Vector API classes are loaded
 * only when the vector engine is chosen, so a JVM started without {@code jdk.incubator.vector}
 * never touches them and {@link EngineKind#AUTO} falls back to the scalar engine.
 */
public final class Engines {
  /** The incubating module the vector engine needs (JDK 16+, still incubating in JDK 17–21). */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  private Engines() {}

  /**
   * A predictor for {@code network}, a trained {@link io.robustatlas.model.LeNet5}; the weights are
   * copied once, here. Like every predictor, it is used by one thread at a time.
   *
   * @param threads compute threads, the Spark task's cores
   * @throws IllegalStateException if {@code kind} is {@link EngineKind#VECTOR} and the JVM lacks
   *     {@link #VECTOR_MODULE}
   */
  public static BatchPredictor predictor(EngineKind kind, MultiLayerNetwork network, int threads) {
    EngineKind resolved = resolve(kind);
    return resolved == EngineKind.DL4J
        ? new Dl4jEngine().predictor(network, threads)
        : predictor(resolved, LeNetWeights.of(network), threads);
  }

  /** The lane engines from weights already read; {@code kind} is VECTOR, SCALAR or AUTO. */
  static BatchPredictor predictor(EngineKind kind, LeNetWeights weights, int threads) {
    return switch (resolve(kind)) {
      case VECTOR -> new LanePredictor(threads, () -> new VectorKernel(weights));
      case SCALAR -> new LanePredictor(threads, () -> new ScalarKernel(weights));
      default -> throw new IllegalArgumentException("Not a lane engine: " + kind);
    };
  }

  /**
   * The engine {@code kind} stands for on this JVM: {@link EngineKind#AUTO} becomes vector or
   * scalar; the others are checked and returned as they are.
   */
  public static EngineKind resolve(EngineKind kind) {
    if (kind == EngineKind.AUTO) {
      return vectorAvailable() ? EngineKind.VECTOR : EngineKind.SCALAR;
    }
    if (kind == EngineKind.VECTOR && !vectorAvailable()) {
      throw new IllegalStateException(
          "Cannot use engine vector: this JVM lacks module " + VECTOR_MODULE
              + "; start it with --add-modules " + VECTOR_MODULE + ", or use engine auto or scalar");
    }
    return kind;
  }

  /** Whether the JVM was started with {@link #VECTOR_MODULE} (needed by the vector engine). */
  public static boolean vectorAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }
}
