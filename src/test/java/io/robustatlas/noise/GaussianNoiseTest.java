package io.robustatlas.noise;

import static io.robustatlas.noise.NoiseKind.GAUSSIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The noise is exactly N(0,1) (moments, tails, KS, χ² on equiprobable bins) and a pure function of
 * (pair seed, copy index). Statistical checks run at fixed seeds, so they are deterministic; each
 * tolerance says how many standard errors it allows.
 */
class GaussianNoiseTest {
  private static final int DIMS = 784;
  private static final long PAIR =
      NoiseSeeds.pairSeed(GAUSSIAN, 20240521L, "lenet5-test", 7, 0.25);

  /** 1276 copies x 784 = 1,000,384 values: the moment, KS and correlation sample. */
  private static float[] sample;

  /** Tail counts and χ² over 12,756 copies x 784 = 10,000,704 values, drawn in chunks. */
  private static LargeSample large;

  @BeforeAll
  static void draw() {
    sample = noise(PAIR, 0, 1276);
    large = LargeSample.draw(PAIR, 12_756);
  }

  private static float[] noise(long pairSeed, int firstCopy, int copies) {
    float[] out = new float[copies * DIMS];
    GaussianNoise.fill(pairSeed, firstCopy, copies, DIMS, out, 0);
    return out;
  }

  @Test
  void meanAndVarianceAreThoseOfAStandardNormal() {
    double n = sample.length;
    double sum = 0;
    double sumSquares = 0;
    for (float z : sample) {
      sum += z;
      sumSquares += (double) z * z;
    }
    double mean = sum / n;
    double variance = sumSquares / n - mean * mean;
    // 5 standard errors: SE(mean) = 1/√n ≈ 0.001; SE(variance) = √(2/n) ≈ 0.0014 for a normal.
    assertEquals(0, mean, 5 / Math.sqrt(n));
    assertEquals(1, variance, 5 * Math.sqrt(2 / n));
  }

  @Test
  void tailFrequenciesMatchTheExactNormal() {
    // P(|Z| > t) = erfc(t/√2), from mpmath at 30 digits. 3 exercises wedges and tail; R = 3.654
    // is exactly where the ziggurat hands over to the tail sampler; 4 lies wholly in the tail.
    assertBinomial(0.0026997960632601891, large.beyond3, large.n, "P(|z| > 3)");
    assertBinomial(2.5803248765390069e-4, large.beyondR, large.n, "P(|z| > R)");
    assertBinomial(6.3342483666239843e-5, large.beyond4, large.n, "P(|z| > 4)");
  }

  /** Count within 5 binomial standard deviations of n·p. */
  private static void assertBinomial(double p, long count, long n, String what) {
    double sd = Math.sqrt(n * p * (1 - p));
    assertEquals(n * p, count, 5 * sd, what + " over " + n + " draws");
  }

  @Test
  void kolmogorovSmirnovAgainstTheNormalCdfPassesAtOnePercent() {
    double[] sorted = new double[sample.length];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = sample[i];
    }
    Arrays.sort(sorted);
    double n = sorted.length;
    double d = 0;
    for (int i = 0; i < sorted.length; i++) {
      double cdf = normalCdf(sorted[i]);
      d = Math.max(d, Math.max((i + 1) / n - cdf, cdf - i / n));
    }
    assertTrue(d < 1.63 / Math.sqrt(n), "KS statistic " + d + " vs 1% critical value");
  }

  @Test
  void chiSquareOnHundredEquiprobableBinsPassesAtOnePerMille() {
    double expected = large.n / (double) LargeSample.BINS;
    double chiSquare = 0;
    for (long observed : large.binCounts) {
      chiSquare += (observed - expected) * (observed - expected) / expected;
    }
    // χ²(99) 0.999 quantile (scipy.stats.chi2.ppf). Each bin holds 10^5 draws (SD 0.3%), so a
    // mis-sized ziggurat layer that moves ~1% of a bin's mass fails here.
    assertTrue(chiSquare < 148.23, "chi-square " + chiSquare + " with 99 degrees of freedom");
  }

  @Test
  void normalCdfUsedByTheseTestsIsAccurate() {
    // Reference values from mpmath.ncdf at 30 digits; the brief asks for 1e-7, we hold 1e-12.
    assertEquals(0.84134474606854295, normalCdf(1), 1e-12);
    assertEquals(0.022750131948179207, normalCdf(-2), 1e-12);
    assertEquals(0.99865010196836991, normalCdf(3), 1e-12);
    assertEquals(0.6914624612740131, normalCdf(0.5), 1e-12);
  }

  @Test
  void sameSeedGivesIdenticalFloats() {
    assertArrayEquals(noise(PAIR, 0, 50), noise(PAIR, 0, 50));
  }

  @Test
  void chunkedFillsEqualOneWholeFill() {
    float[] whole = noise(PAIR, 0, 1000);
    float[] chunked = new float[whole.length];
    int[] bounds = {0, 1, 3, 500, 999, 1000};
    for (int c = 0; c + 1 < bounds.length; c++) {
      int copies = bounds[c + 1] - bounds[c];
      GaussianNoise.fill(PAIR, bounds[c], copies, DIMS, chunked, bounds[c] * DIMS);
    }
    assertArrayEquals(whole, chunked);
    float[] copy737 = noise(PAIR, 737, 1);
    assertArrayEquals(Arrays.copyOfRange(whole, 737 * DIMS, 738 * DIMS), copy737);
  }

  @Test
  void writesExactlyItsRange() {
    float[] out = new float[3 * DIMS + 10];
    Arrays.fill(out, Float.NaN);
    GaussianNoise.fill(PAIR, 4, 3, DIMS, out, 5);
    for (int i = 0; i < out.length; i++) {
      boolean inside = i >= 5 && i < 5 + 3 * DIMS;
      assertEquals(inside, !Float.isNaN(out[i]), "index " + i);
    }
  }

  @Test
  void outputIsPinnedForOneSeed() {
    // Golden floats: a change here changes every stored result. Recomputed independently by a
    // Python port of NoiseSeeds + this ziggurat; to regenerate, print fill(...) for this seed.
    long pair = NoiseSeeds.pairSeed(GAUSSIAN, 20240521L, "lenet5-adam-lr0.001-seed1", 7, 0.25);
    float[] out = noise(pair, 0, 1000);
    float[] first = {0x1.718e9ap0f, 0x1.b288ap-1f, -0x1.734936p-2f, 0x1.712196p-3f};
    assertArrayEquals(first, Arrays.copyOf(out, 4));
    assertEquals(-0x1.db7c2cp0f, out[999 * DIMS]);
    assertEquals(-0x1.bee6f6p-2f, out[999 * DIMS + 1]);
  }

  @Test
  void differentPairsGiveDifferentUncorrelatedStreams() {
    float[] a = noise(NoiseSeeds.pairSeed(GAUSSIAN, 1, "m", 0, 0.1), 0, 1000);
    float[] b = noise(NoiseSeeds.pairSeed(GAUSSIAN, 1, "m", 0, 0.2), 0, 1000);
    assertFalse(Arrays.equals(a, b));
    // 5 standard errors of a correlation between independent streams: 5/√784,000 ≈ 0.0056.
    double tolerance = 5 / Math.sqrt(a.length);
    assertEquals(0, correlation(a, 0, b, 0, a.length), tolerance, "two sigmas");
  }

  @Test
  void copiesOfOnePairAndNeighbouringValuesAreUncorrelated() {
    int len = sample.length - DIMS;
    double tolerance = 5 / Math.sqrt(len);
    assertEquals(0, correlation(sample, 0, sample, DIMS, len), tolerance, "copy k vs k+1");
    assertEquals(0, correlation(sample, 0, sample, 1, len), tolerance, "lag 1 in a stream");
  }

  private static double correlation(float[] x, int xFrom, float[] y, int yFrom, int len) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < len; i++) {
      double u = x[xFrom + i];
      double v = y[yFrom + i];
      sx += u;
      sy += v;
      sxx += u * u;
      syy += v * v;
      sxy += u * v;
    }
    double cov = sxy / len - (sx / len) * (sy / len);
    return cov / Math.sqrt((sxx / len - sx * sx / len / len) * (syy / len - sy * sy / len / len));
  }

  @Test
  void uniformsAreThoseOfSplittableRandomSplit() {
    // Our SplitMix64 streams are java.util.SplittableRandom's, whose split() is well tested.
    GaussianNoise.SplitMix64 ours = new GaussianNoise.SplitMix64();
    for (long seed : new long[] {0, 1, -1, PAIR, Long.MIN_VALUE}) {
      ours.reseed(seed);
      SplittableRandom jdk = new SplittableRandom(seed).split();
      for (int i = 0; i < 1000; i++) {
        assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + ", draw " + i);
      }
    }
  }

  @Test
  void rejectsRangesThatDoNotFit() {
    float[] out = new float[100];
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> GaussianNoise.fill(PAIR, 0, -1, 10, out, 0));
    assertEquals(
        "Cannot fill noise with firstCopy=0, copies=-1, dims=10, offset=0:"
            + " all must be zero or positive",
        negative.getMessage());
    IllegalArgumentException tooBig =
        assertThrows(
            IllegalArgumentException.class, () -> GaussianNoise.fill(PAIR, 0, 10, 10, out, 1));
    assertEquals(
        "Cannot fill 10 copies x 10 dims at offset 1 into an array of length 100:"
            + " it does not fit",
        tooBig.getMessage());
  }

  /**
   * Φ(x) by the Taylor series of erf (Marsaglia, "Evaluating the Normal Distribution", J. Stat.
   * Softw. 11(4), 2004): absolute error about 1e-15; beyond |x| = 9, Φ is 0 or 1 within 2e-19.
   */
  static double normalCdf(double x) {
    if (x < -9 || x > 9) {
      return x < 0 ? 0 : 1;
    }
    double sum = x;
    double previous = 0;
    double term = x;
    double q = x * x;
    for (int i = 3; sum != previous; i += 2) {
      previous = sum;
      term *= q / i;
      sum = previous + term;
    }
    return 0.5 + sum * Math.exp(-0.5 * q - 0.91893853320467274178);
  }

  /** Tail counts and equiprobable-bin counts over many draws, without keeping the draws. */
  private static final class LargeSample {
    static final int BINS = 100;
    final long[] binCounts = new long[BINS];
    final double[] edges = binEdges();
    long n;
    long beyond3;
    long beyondR;
    long beyond4;

    static LargeSample draw(long pairSeed, int copies) {
      LargeSample s = new LargeSample();
      int chunk = 1000;
      float[] buffer = new float[chunk * DIMS];
      for (int first = 0; first < copies; first += chunk) {
        int count = Math.min(chunk, copies - first);
        GaussianNoise.fill(pairSeed, first, count, DIMS, buffer, 0);
        s.add(buffer, count * DIMS);
      }
      return s;
    }

    private void add(float[] values, int len) {
      for (int i = 0; i < len; i++) {
        double z = values[i];
        double abs = Math.abs(z);
        beyond3 += abs > 3 ? 1 : 0;
        beyondR += abs > GaussianNoise.R ? 1 : 0;
        beyond4 += abs > 4 ? 1 : 0;
        int at = Arrays.binarySearch(edges, z);
        binCounts[at >= 0 ? at + 1 : -at - 1]++;
      }
      n += len;
    }

    /** Φ⁻¹(k / BINS) for k = 1 .. BINS-1, by bisection on {@link #normalCdf}. */
    private static double[] binEdges() {
      double[] edges = new double[BINS - 1];
      for (int k = 1; k < BINS; k++) {
        double lo = -9;
        double hi = 9;
        for (int step = 0; step < 100; step++) {
          double mid = (lo + hi) / 2;
          if (normalCdf(mid) < k / (double) BINS) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        edges[k - 1] = (lo + hi) / 2;
      }
      return edges;
    }
  }
}
