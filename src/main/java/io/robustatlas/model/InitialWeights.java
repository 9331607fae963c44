package io.robustatlas.model;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model's initial parameters, drawn the way the original study (PyTorch) draws them: the weights
 * by the {@link InitScheme}, every bias from PyTorch's layer default U(±1/√fan_in) (the study
 * re-initialises only {@code .weight}), with PyTorch's fan-in and fan-out (for a convolution,
 * channels × kernel area).
 *
 * <p>Each array has its own stream, seeded by hashing (model seed, layer index, weight or bias)
 * under the tag {@code model-init} ({@link Seeds}): seeds 0, 1, 2 and 42 start from independent
 * draws, not from shifted copies of one sequence, and no init stream is a training-shuffle
 * stream. The draws are pure Java (DL4J 1.0.0-M2's native generator does not reproduce its draws
 * for a seed), and normals use {@link StrictMath}, so every JVM draws the same bits.
 */
public final class InitialWeights {
  private static final long DOMAIN = Seeds.tag("model-init");
  private static final int WEIGHT = 0;
  private static final int BIAS = 1;
  private static final double NORMAL_STD = 0.01;

  private InitialWeights() {}

  /** The initial parameters of a LeNet-5 with model seed {@code modelSeed}. */
  public static LeNetParameters draw(InitScheme init, long modelSeed) {
    List<float[]> weights = new ArrayList<>();
    List<float[]> biases = new ArrayList<>();
    for (int i = 0; i < LeNet5.WEIGHTED.size(); i++) {
      LeNet5.Weighted layer = LeNet5.WEIGHTED.get(i);
      SplittableRandom weightStream = Seeds.stream(streamSeed(modelSeed, i, WEIGHT));
      float[] w = new float[layer.weightCount()];
      for (int k = 0; k < w.length; k++) {
        w[k] = (float) weight(init, layer, weightStream);
      }
      SplittableRandom biasStream = Seeds.stream(streamSeed(modelSeed, i, BIAS));
      float[] b = new float[layer.outputs()];
      for (int k = 0; k < b.length; k++) {
        b[k] = (float) uniform(biasStream, 1 / Math.sqrt(layer.fanIn()));
      }
      weights.add(w);
      biases.add(b);
    }
    return new LeNetParameters(weights, biases);
  }

  /**
   * The seed of one array's stream: weighted layer {@code layer} (0 = conv1 .. 4 = logits), {@code
   * param} 0 for its weights and 1 for its biases.
   */
  public static long streamSeed(long modelSeed, int layer, int param) {
    return Seeds.derive(DOMAIN, modelSeed, layer, param);
  }

  private static double weight(InitScheme init, LeNet5.Weighted layer, SplittableRandom random) {
    double fanIn = layer.fanIn();
    double fanOut = layer.fanOut();
    return switch (init) {
      case XAVIER -> uniform(random, Math.sqrt(6 / (fanIn + fanOut)));
      case NORMAL -> NORMAL_STD * normal(random);
      case KAIMING -> uniform(random, Math.sqrt(6 / fanIn));
      case DEFAULT -> uniform(random, 1 / Math.sqrt(fanIn));
    };
  }

  private static double uniform(SplittableRandom random, double bound) {
    return (2 * random.nextDouble() - 1) * bound;
  }

  /** Box–Muller with StrictMath, one of the pair: exact N(0, 1), the same bits on every JVM. */
  private static double normal(SplittableRandom random) {
    double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
    return radius * StrictMath.cos(2 * Math.PI * random.nextDouble());
  }
}
