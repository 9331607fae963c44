package io.robustatlas.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Pooling;
import java.lang.management.ManagementFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Chooses the {@link BatchPredictor} for an {@link EngineKind}. The Vector API classes are loaded
 * only when the vector engine is chosen, so a JVM started without {@code jdk.incubator.vector}
 * never touches them and {@link EngineKind#AUTO} falls back to the scalar engine (as it does on a
 * CPU without fused multiply-add, where the vector engine would crawl).
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
   * @throws IllegalStateException if {@code kind} is {@link EngineKind#VECTOR} and {@link
   *     #vectorAvailable()} is false
   */
  public static BatchPredictor predictor(EngineKind kind, MultiLayerNetwork network, int threads) {
    EngineKind resolved = resolve(kind);
    if (resolved == EngineKind.DL4J) {
      Nd4jThreads.limit(threads);
      return new Dl4jPredictor(network);
    }
    return predictor(resolved, LeNetWeights.of(network), threads);
  }

  /**
   * The train stage's test pass: for a lane engine, kernels made as the lane trainer makes them
   * (they record pooling windows, so ReLU / max-pool networks only, which is all that trainer
   * trains). One JVM then compiles one form of the kernels' convolution loop: an inference pass
   * with the other form between trainings made C2 recompile that shared loop, and the vector
   * trainer ran 5x slower (measured: 0.2 s, then 1.1 s per epoch of 8,000 images).
   */
  public static BatchPredictor trainerPredictor(
      EngineKind kind, MultiLayerNetwork network, int threads) {
    return switch (resolve(kind)) {
      case VECTOR ->
          new LanePredictor(threads, reluMaxPool(network), w -> new VectorKernel(w, true));
      case SCALAR ->
          new LanePredictor(threads, reluMaxPool(network), w -> new ScalarKernel(w, true));
      default -> predictor(kind, network, threads);
    };
  }

  private static LeNetWeights reluMaxPool(MultiLayerNetwork network) {
    LeNetWeights weights = LeNetWeights.of(network);
    if (weights.conv1.activation() != Activation.RELU || weights.conv1.pooling() != Pooling.MAX) {
      throw new IllegalArgumentException(
          "The lane trainer's kernels run ReLU / max-pool networks only, not "
              + weights.conv1.activation() + " / " + weights.conv1.pooling());
    }
    return weights;
  }

  /**
   * A predictor whose parameters can be replaced ({@link ReweightablePredictor#load}); it starts
   * with {@code network}'s. The DL4J engine works on its own copy of the network, so {@code
   * network} itself is never changed.
   *
   * @throws IllegalStateException as {@link #predictor(EngineKind, MultiLayerNetwork, int)}
   */
  public static ReweightablePredictor reweightable(
      EngineKind kind, MultiLayerNetwork network, int threads) {
    EngineKind resolved = resolve(kind);
    if (resolved == EngineKind.DL4J) {
      Nd4jThreads.limit(threads);
      return new Dl4jPredictor(network.clone());
    }
    return predictor(resolved, LeNetWeights.of(network), threads);
  }

  /** The lane engines from weights already read; {@code kind} is VECTOR, SCALAR or AUTO. */
  static LanePredictor predictor(EngineKind kind, LeNetWeights weights, int threads) {
    return switch (resolve(kind)) {
      case VECTOR -> new LanePredictor(threads, weights, VectorKernel::new);
      case SCALAR -> new LanePredictor(threads, weights, ScalarKernel::new);
      default -> throw new IllegalArgumentException("Not a lane engine: " + kind);
    };
  }

  /**
   * The engine {@code kind} stands for on this JVM: {@link EngineKind#AUTO} becomes vector or
   * scalar; the others are checked and returned as they are.
   *
   * @throws IllegalStateException if {@code kind} is {@link EngineKind#VECTOR} and {@link
   *     #vectorAvailable()} is false; the message says why
   */
  public static EngineKind resolve(EngineKind kind) {
    String missing = vectorMissing();
    if (kind == EngineKind.AUTO) {
      return missing == null ? EngineKind.VECTOR : EngineKind.SCALAR;
    }
    if (kind == EngineKind.VECTOR && missing != null) {
      throw new IllegalStateException(
          "Cannot use engine vector: " + missing + "; use engine auto or scalar");
    }
    return kind;
  }

  /**
   * Whether the vector engine can run, and run fast, here: the JVM has {@link #VECTOR_MODULE} and
   * its JIT emits fused multiply-add instructions (every x86-64 CPU since 2013, every AArch64).
   */
  public static boolean vectorAvailable() {
    return vectorMissing() == null;
  }

  /** Why the vector engine cannot run well in this JVM, or null if it can. */
  public static String vectorMissing() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return "this JVM lacks module "
          + VECTOR_MODULE
          + " (start it with --add-modules "
          + VECTOR_MODULE
          + ")";
    }
    if (!jitHasFma()) {
      return "the JIT emits no fused multiply-add on this CPU (HotSpot UseFMA is false),"
          + " which makes the vector engine about 100 times slower than the scalar one";
    }
    return null;
  }

  /**
   * HotSpot's {@code UseFMA}: without it, a Vector API {@code fma} is computed exactly in software,
   * one lane at a time. Other JVMs do not say; assume the hardware has FMA.
   */
  private static boolean jitHasFma() {
    HotSpotDiagnosticMXBean hotSpot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    try {
      return hotSpot == null || Boolean.parseBoolean(hotSpot.getVMOption("UseFMA").getValue());
    } catch (IllegalArgumentException noSuchOption) {
      return true;
    }
  }
}
