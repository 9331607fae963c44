package io.robustatlas.noise;

import io.robustatlas.random.Seeds;

/**
 * Exact standard normal noise for the noisy copies of a pair, fast enough to draw 784,000 values
 * per pair: copy {@code k} is a pure function of {@link NoiseSeeds#copySeed(long, int)
 * copySeed(pairSeed, k)}, so filling copies 0..999 at once or in any chunks gives the same floats
 * bit for bit.
 *
 * <p>Algorithm: the ziggurat of Marsaglia &amp; Tsang ("The Ziggurat Method for Generating Random
 * Variables", J. Stat. Softw. 5(8), 2000) with 256 layers, in double precision, with Marsaglia's
 * (1964) exact tail sampler beyond {@code R}; the output is exactly N(0,1) up to the 2^-53
 * resolution of its uniforms and rounding to float. Each 64-bit draw gives the layer (low 8 bits)
 * and a signed 53-bit uniform (high bits) from disjoint bits, avoiding the layer/value correlation
 * Doornik ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005) found in the
 * 32-bit original. About 98.5% of values take the fast path: one draw, one table compare, one
 * multiply.
 *
 * <p>Uniforms: one SplitMix64 stream per copy (Steele, Lea &amp; Flood, OOPSLA 2014), seeded and
 * with its own increment exactly as {@code new SplittableRandom(copySeed).split()}; distinct
 * increments keep different copies from being shifted views of one sequence.
 */
public final class GaussianNoise {
  private static final int LAYERS = 256;

  /**
   * Right edge of the base layer and area of each layer (under the unnormalised density exp(-x²/2))
   * for 256 layers. Recompute: solve V(R) = R·f(R) + √(π/2)·erfc(R/√2) with the layer recursion
   * closing at x₂₅₆ = 0 (mpmath findroot, 50 digits): R = 3.654152885361008771645, V =
   * 0.004928673233974655347.
   */
  static final double R = 3.654152885361009;

  static final double V = 0.004928673233974655;

  private static final double TWO_POW_52 = 0x1.0p52;
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  /** x_i: half-width of layer i; x_0 = V / f(R) is the base strip's pseudo-width, x_256 = 0. */
  private static final double[] WIDTH = widths();

  /** f(x_i) = exp(-x_i²/2): bottom of layer i and top of layer i-1. */
  private static final double[] HEIGHT = heights(WIDTH);

  /** x_i / 2^52: turns a signed 53-bit integer into a position in layer i. */
  private static final double[] SCALE = scales(WIDTH);

  /** ⌊x_{i+1}/x_i · 2^52⌋: any |j| below it puts j·SCALE[i] under the curve, no more checks. */
  private static final long[] FAST = fastLimits(WIDTH);

  private GaussianNoise() {}

  /**
   * Writes {@code copies × dims} N(0,1) floats to {@code out} from {@code offset}, copy after copy:
   * copies {@code firstCopy .. firstCopy + copies - 1} of the pair, {@code dims} values each.
   */
  public static void fill(
      long pairSeed, int firstCopy, int copies, int dims, float[] out, int offset) {
    checkRange(firstCopy, copies, dims, out.length, offset);
    SplitMix64 slowPathUniforms = new SplitMix64();
    for (int copy = 0; copy < copies; copy++) {
      long copySeed = NoiseSeeds.copySeed(pairSeed, firstCopy + copy);
      fillCopy(copySeed, out, offset + copy * dims, dims, slowPathUniforms);
    }
  }

  /**
   * Writes {@code count} N(0,1) floats from the one stream of {@code streamSeed} (used as it is: no
   * copy seed is derived from it), for noise that is not made per copy of an image, such as the
   * noise of one layer's weights.
   */
  public static void fillStream(long streamSeed, float[] out, int offset, int count) {
    checkRange(0, 1, count, out.length, offset);
    fillCopy(streamSeed, out, offset, count, new SplitMix64());
  }

  /**
   * One copy. The stream state lives in locals on the fast path (kept in registers) and is handed
   * to {@code uniforms} only around the rare slow path, which may draw a variable number of values.
   */
  private static void fillCopy(long seed, float[] out, int offset, int dims, SplitMix64 uniforms) {
    uniforms.reseed(seed);
    long state = uniforms.state;
    long gamma = uniforms.gamma;
    for (int d = offset; d < offset + dims; d++) {
      state += gamma;
      long bits = Seeds.mix64(state);
      int layer = (int) bits & (LAYERS - 1);
      long j = bits >> 11;
      if (Math.abs(j) < FAST[layer]) {
        out[d] = (float) (j * SCALE[layer]);
      } else {
        uniforms.state = state;
        out[d] = (float) slowPath(uniforms, bits);
        state = uniforms.state;
      }
    }
  }

  private static void checkRange(int firstCopy, int copies, int dims, int length, int offset) {
    if (firstCopy < 0 || copies < 0 || dims < 0 || offset < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot fill noise with firstCopy=%d, copies=%d, dims=%d, offset=%d:"
                  + " all must be zero or positive",
              firstCopy, copies, dims, offset));
    }
    if ((long) firstCopy + copies > Integer.MAX_VALUE || offset + (long) copies * dims > length) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot fill %d copies x %d dims at offset %d into an array of length %d:"
                  + " it does not fit",
              copies, dims, offset, length));
    }
  }

  /** Base strip, wedges and retries: about 1.5% of values. */
  private static double slowPath(SplitMix64 uniforms, long bits) {
    while (true) {
      int layer = (int) bits & (LAYERS - 1);
      long j = bits >> 11;
      double x = j * SCALE[layer];
      if (Math.abs(j) < FAST[layer]) {
        return x;
      }
      if (layer == 0) {
        // The base strip is the rectangle [0, R] x [0, f(R)] plus the tail beyond R.
        return Math.abs(x) < R ? x : tail(uniforms, j < 0);
      }
      double y = HEIGHT[layer] + unit(uniforms) * (HEIGHT[layer + 1] - HEIGHT[layer]);
      if (y < Math.exp(-0.5 * x * x)) {
        return x;
      }
      bits = uniforms.nextLong();
    }
  }

  /** Marsaglia (1964): exact sample of |Z| given |Z| > R, with the requested sign. */
  private static double tail(SplitMix64 uniforms, boolean negative) {
    double excess;
    double y;
    do {
      excess = -Math.log(unitNonZero(uniforms)) / R;
      y = -Math.log(unitNonZero(uniforms));
    } while (y + y < excess * excess);
    return negative ? -(R + excess) : R + excess;
  }

  /** Uniform on [0, 1). */
  private static double unit(SplitMix64 uniforms) {
    return (uniforms.nextLong() >>> 11) * TWO_POW_MINUS_53;
  }

  /** Uniform on (0, 1], safe for log. */
  private static double unitNonZero(SplitMix64 uniforms) {
    return ((uniforms.nextLong() >>> 11) + 1) * TWO_POW_MINUS_53;
  }

  private static double[] widths() {
    double[] x = new double[LAYERS + 1];
    x[0] = V / density(R);
    x[1] = R;
    for (int i = 2; i < LAYERS; i++) {
      x[i] = Math.sqrt(-2 * Math.log(V / x[i - 1] + density(x[i - 1])));
    }
    x[LAYERS] = 0;
    return x;
  }

  private static double[] heights(double[] widths) {
    double[] heights = new double[widths.length];
    for (int i = 0; i < widths.length; i++) {
      heights[i] = density(widths[i]);
    }
    return heights;
  }

  private static double[] scales(double[] widths) {
    double[] scales = new double[LAYERS];
    for (int i = 0; i < LAYERS; i++) {
      scales[i] = widths[i] / TWO_POW_52;
    }
    return scales;
  }

  private static long[] fastLimits(double[] widths) {
    long[] limits = new long[LAYERS];
    for (int i = 0; i < LAYERS; i++) {
      // Truncation errs towards the slow path, which re-checks exactly: never a wrong accept.
      limits[i] = (long) (widths[i + 1] / widths[i] * TWO_POW_52);
    }
    return limits;
  }

  private static double density(double x) {
    return Math.exp(-0.5 * x * x);
  }

  /**
   * A SplitMix64 stream that one fill call reseeds per copy, so no state outlives a copy. Its
   * output equals {@code new SplittableRandom(seed).split().nextLong()} calls. The other input
   * noise generators draw their uniforms from it too.
   */
  static final class SplitMix64 {
    private long state;
    private long gamma;

    void reseed(long seed) {
      state = Seeds.mix64(seed + Seeds.GOLDEN_GAMMA);
      gamma = Seeds.mixGamma(seed + 2 * Seeds.GOLDEN_GAMMA);
    }

    long nextLong() {
      state += gamma;
      return Seeds.mix64(state);
    }

    /** Uniform on [0, 1), in steps of 2^-53. */
    double nextUnit() {
      return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }
  }
}
