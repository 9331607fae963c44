package io.robustatlas.noise;

import java.util.HashMap;
import java.util.Map;

/**
 * Shot (Poisson) noise of one image at level λ: each pixel x in [0, 1] becomes Poisson(λ·x) / λ, as
 * if λ photons hit a pixel of full brightness; fewer photons (smaller λ) mean more noise. The mean
 * stays x and the variance is x / λ. Draws are exact ({@link PoissonSampler}); the samplers are
 * built once per image, one per distinct pixel value (at most 256 for 8-bit images), and reused for
 * every copy. Copy {@code k} is a pure function of {@link NoiseSeeds#copySeed(long, int)
 * copySeed(pairSeed, k)}, one SplitMix64 stream per copy as in {@link GaussianNoise}.
 */
public final class ShotNoise {
  private final double lambda;
  private final PoissonSampler[] pixels;

  private ShotNoise(double lambda, PoissonSampler[] pixels) {
    this.lambda = lambda;
    this.pixels = pixels;
  }

  /** Shot noise of level {@code lambda} &gt; 0 for {@code image} (pixels in [0, 1]). */
  public static ShotNoise of(float[] image, double lambda) {
    if (!NoiseKind.SHOT.accepts(lambda) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException(
          "Cannot make shot noise of λ = " + lambda + ": must be > 0");
    }
    Map<Float, PoissonSampler> byValue = new HashMap<>();
    PoissonSampler[] pixels = new PoissonSampler[image.length];
    for (int p = 0; p < image.length; p++) {
      float x = image[p];
      if (!(x >= 0f && x <= 1f)) {
        throw new IllegalArgumentException(
            "Cannot make shot noise of pixel " + p + " = " + x + ": pixels must be in [0, 1]");
      }
      pixels[p] = byValue.computeIfAbsent(x, value -> new PoissonSampler(lambda * value));
    }
    return new ShotNoise(lambda, pixels);
  }

  /**
   * Writes copies {@code firstCopy .. firstCopy + copies - 1} of the image to {@code out} from
   * {@code offset}, image after image.
   */
  public void fill(long pairSeed, int firstCopy, int copies, float[] out, int offset) {
    GaussianNoise.SplitMix64 uniforms = new GaussianNoise.SplitMix64();
    int size = pixels.length;
    for (int copy = 0; copy < copies; copy++) {
      uniforms.reseed(NoiseSeeds.copySeed(pairSeed, firstCopy + copy));
      int base = offset + copy * size;
      for (int p = 0; p < size; p++) {
        out[base + p] = (float) (pixels[p].sample(uniforms) / lambda);
      }
    }
  }
}
