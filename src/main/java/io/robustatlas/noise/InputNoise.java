package io.robustatlas.noise;

import io.robustatlas.engine.BatchSource;
import io.robustatlas.model.LeNet5;

/**
 * One input noise kind at one level: makes the seeded noisy copies of an image. Copy {@code k}
 * depends only on (pair seed, k), so any thread can make any range of copies, in any order, with
 * the same result.
 *
 * @param kind an input kind ({@link NoiseKind#perturbsInput()})
 * @param level σ, p or λ, valid for {@code kind}
 * @param clip clip noisy pixels to [0, 1]; impulse noise never leaves it, Gaussian and shot noise
 *     can
 */
public record InputNoise(NoiseKind kind, double level, boolean clip) {

  public InputNoise {
    if (!kind.perturbsInput() || !kind.accepts(level)) {
      throw new IllegalArgumentException(
          "Cannot make input noise "
              + kind
              + " at level "
              + level
              + ": not an input kind or level");
    }
  }

  /**
   * The batch of copies {@code firstCopy, firstCopy + 1, ...} of {@code image} (784 floats in [0,
   * 1]).
   */
  public BatchSource copiesOf(float[] image, long pairSeed, int firstCopy) {
    return switch (kind) {
      case GAUSSIAN -> gaussian(image, pairSeed, firstCopy);
      case IMPULSE ->
          (first, count, out, offset) ->
              ImpulseNoise.fill(pairSeed, firstCopy + first, count, image, level, out, offset);
      case SHOT -> shot(image, pairSeed, firstCopy);
      case WEIGHTS -> throw new IllegalStateException("not an input kind: " + kind);
    };
  }

  /** x + σ·ε, clipped to [0, 1] if asked. */
  private BatchSource gaussian(float[] image, long pairSeed, int firstCopy) {
    int size = LeNet5.INPUT_SIZE;
    float sigma = (float) level;
    return (first, count, out, offset) -> {
      GaussianNoise.fill(pairSeed, firstCopy + first, count, size, out, offset);
      for (int k = 0; k < count; k++) {
        int base = offset + k * size;
        for (int p = 0; p < size; p++) {
          float value = image[p] + sigma * out[base + p];
          out[base + p] = clip ? Math.min(1f, Math.max(0f, value)) : value;
        }
      }
    };
  }

  /** Poisson(λ·x) / λ, never below 0; clipped at 1 if asked. */
  private BatchSource shot(float[] image, long pairSeed, int firstCopy) {
    ShotNoise noise = ShotNoise.of(image, level);
    return (first, count, out, offset) -> {
      noise.fill(pairSeed, firstCopy + first, count, out, offset);
      if (clip) {
        for (int i = offset; i < offset + count * LeNet5.INPUT_SIZE; i++) {
          out[i] = Math.min(1f, out[i]);
        }
      }
    };
  }
}
