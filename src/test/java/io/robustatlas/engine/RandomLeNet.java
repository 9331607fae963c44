package io.robustatlas.engine;

import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Pooling;
import io.robustatlas.model.LeNet5;
import io.robustatlas.noise.GaussianNoise;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded LeNet-5 weights and inputs for engine tests that need no DL4J network: the weights have
 * DL4J's layouts and PyTorch-default scale, U(±1/√fan_in), so activations stay of order one.
 */
final class RandomLeNet {
  /** Fan-in and parameter count of conv1, conv2, fc1, fc2 and logits. */
  private static final int[][] FAN_IN_AND_OUTPUTS = {
    {25, 6}, {150, 16}, {256, 120}, {120, 84}, {84, 10}
  };

  private RandomLeNet() {}

  static LeNetWeights weights(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> weights =
        Stream.of(FAN_IN_AND_OUTPUTS).map(l -> uniform(random, l[0] * l[1], l[0])).toList();
    List<float[]> biases =
        Stream.of(FAN_IN_AND_OUTPUTS).map(l -> uniform(random, l[1], l[0])).toList();
    return LeNetWeights.ofDl4jLayout(weights, biases, Activation.RELU, Pooling.MAX);
  }

  /**
   * {@code count} images as the robustness stage makes them: a clean image (uniform pixels in [0,
   * 1]) plus σ·N(0, 1) noise, unclipped.
   */
  static float[] noisyImages(int count, double sigma, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[count * LeNet5.INPUT_SIZE];
    GaussianNoise.fill(seed, 0, count, LeNet5.INPUT_SIZE, images, 0);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble() + (float) sigma * images[i];
    }
    return images;
  }

  private static float[] uniform(SplittableRandom random, int count, int fanIn) {
    double bound = 1 / Math.sqrt(fanIn);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextDouble(-bound, bound);
    }
    return values;
  }
}
