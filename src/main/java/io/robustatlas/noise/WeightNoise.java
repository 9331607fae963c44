package io.robustatlas.noise;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.List;

/**
 * Weight noise: perturbed copies of one model, each layer with noise of its own scale. Copy {@code
 * k} at level α adds N(0, (α·std(W_l))²) to every weight of layer l and, separately, N(0,
 * (α·std(b_l))²) to every bias, where std is the population standard deviation (divide by n) of
 * that very array in the clean model. (The companion study's code reused the first array's std for
 * every layer; here each array has its own.) Each array's normals come from their own stream,
 * seeded by (copy seed, layer, weights or biases), so a copy is a pure function of its seed.
 */
public final class WeightNoise {
  private static final long ARRAY_DOMAIN = Seeds.tag("weight-noise-array");
  private static final int WEIGHTS = 0;
  private static final int BIASES = 1;

  private final LeNetParameters clean;
  private final double[] weightStd;
  private final double[] biasStd;

  /**
   * @param clean the model's parameters; their per-array std is computed once, here
   */
  public WeightNoise(LeNetParameters clean) {
    this.clean = clean;
    this.weightStd = clean.weights().stream().mapToDouble(WeightNoise::std).toArray();
    this.biasStd = clean.biases().stream().mapToDouble(WeightNoise::std).toArray();
  }

  /**
   * The perturbed copy of level {@code alpha} ≥ 0 seeded by {@code copySeed} (from {@link
   * NoiseSeeds#weightCopySeed}); α = 0 gives the clean parameters.
   */
  public LeNetParameters copy(double alpha, long copySeed) {
    if (!NoiseKind.WEIGHTS.accepts(alpha)) {
      throw new IllegalArgumentException(
          "Cannot make weight noise of α = " + alpha + ": must be ≥ 0");
    }
    if (alpha == 0) {
      return clean;
    }
    List<float[]> weights = new ArrayList<>();
    List<float[]> biases = new ArrayList<>();
    for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
      weights.add(
          perturb(clean.weights().get(layer), alpha * weightStd[layer], copySeed, layer, WEIGHTS));
      biases.add(
          perturb(clean.biases().get(layer), alpha * biasStd[layer], copySeed, layer, BIASES));
    }
    return new LeNetParameters(weights, biases);
  }

  private static float[] perturb(float[] values, double scale, long copySeed, int layer, int kind) {
    float[] noisy = new float[values.length];
    GaussianNoise.fillStream(
        Seeds.derive(ARRAY_DOMAIN, copySeed, layer, kind), noisy, 0, noisy.length);
    float factor = (float) scale;
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = values[i] + factor * noisy[i];
    }
    return noisy;
  }

  /** Population standard deviation, in double. */
  static double std(float[] values) {
    double sum = 0;
    for (float value : values) {
      sum += value;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (float value : values) {
      squares += (value - mean) * (value - mean);
    }
    return Math.sqrt(squares / values.length);
  }
}
