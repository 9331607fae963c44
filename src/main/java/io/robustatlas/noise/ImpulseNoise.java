package io.robustatlas.noise;

/**
 * Impulse ("salt and pepper") noise: each pixel independently, with probability p, becomes 0 or 1
 * (equally likely), else keeps its value. One uniform u per pixel decides both at once: u &lt; p/2
 * gives 0, p/2 ≤ u &lt; p gives 1, so the draw is exact up to the 2^-53 resolution of u. Copy
 * {@code k} is a pure function of {@link NoiseSeeds#copySeed(long, int) copySeed(pairSeed, k)},
 * drawn from one SplitMix64 stream per copy as {@link GaussianNoise} draws its normals, so copies
 * can be made in any chunks, on any thread, with the same result.
 */
public final class ImpulseNoise {
  private ImpulseNoise() {}

  /**
   * Writes copies {@code firstCopy .. firstCopy + copies - 1} of {@code image} under impulse noise
   * of probability {@code p} to {@code out} from {@code offset}, image after image.
   */
  public static void fill(
      long pairSeed, int firstCopy, int copies, float[] image, double p, float[] out, int offset) {
    if (!NoiseKind.IMPULSE.accepts(p)) {
      throw new IllegalArgumentException(
          "Cannot make impulse noise of p = " + p + ": must be in [0, 1]");
    }
    int size = image.length;
    double half = p / 2;
    GaussianNoise.SplitMix64 uniforms = new GaussianNoise.SplitMix64();
    for (int copy = 0; copy < copies; copy++) {
      uniforms.reseed(NoiseSeeds.copySeed(pairSeed, firstCopy + copy));
      int base = offset + copy * size;
      for (int pixel = 0; pixel < size; pixel++) {
        double u = uniforms.nextUnit();
        out[base + pixel] = u < half ? 0f : u < p ? 1f : image[pixel];
      }
    }
  }
}
