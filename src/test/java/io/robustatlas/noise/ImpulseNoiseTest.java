package io.robustatlas.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Impulse noise against its definition: each pixel independently becomes 0 with probability p/2, 1
 * with probability p/2, else keeps its value. Checked on 1,000 copies of a 784-pixel image (n =
 * 784,000 pixels) at fixed seeds; a share q of n Bernoulli draws has standard error √(q(1−q)/n),
 * and every bound is 5 standard errors (a false failure has probability below 1e-6).
 */
class ImpulseNoiseTest {
  private static final int PIXELS = 784;
  private static final int COPIES = 1000;
  private static final long PAIR =
      NoiseSeeds.pairSeed(NoiseKind.IMPULSE, 3, "impulse-test", 5, 0.2);

  private static float[] constant(float value) {
    float[] image = new float[PIXELS];
    Arrays.fill(image, value);
    return image;
  }

  private static float[] noisy(float[] image, double p, int firstCopy, int copies) {
    float[] out = new float[copies * PIXELS];
    ImpulseNoise.fill(PAIR, firstCopy, copies, image, p, out, 0);
    return out;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.1, 0.5, 0.9})
  void sharesOfZerosOnesAndUntouchedPixelsAreThoseOfTheDefinition(double p) {
    float[] out = noisy(constant(0.5f), p, 0, COPIES);
    double n = out.length;
    long zeros = 0;
    long ones = 0;
    for (float value : out) {
      zeros += value == 0f ? 1 : 0;
      ones += value == 1f ? 1 : 0;
    }
    double half = p / 2;
    double tolerance = 5 * Math.sqrt(half * (1 - half) / n);
    assertEquals(half, zeros / n, tolerance, "share of zeros");
    assertEquals(half, ones / n, tolerance, "share of ones");
    assertEquals(1 - p, (n - zeros - ones) / n, 5 * Math.sqrt(p * (1 - p) / n), "untouched");
  }

  @Test
  void meanAndVarianceOfANoisyPixelMatchTheTheory() {
    // x = 0.3, p = 0.2: x' is 0 or 1 with probability 0.1 each, else 0.3. E[x'] = (1 − p)x + p/2
    // = 0.34; E[x'²] = (1 − p)x² + p/2 = 0.172, so Var = 0.172 − 0.34² = 0.0564. SE(mean) =
    // √(Var/n) ≈ 2.7e-4. SE(variance) = √((μ₄ − Var²)/n) with μ₄ = 0.1·0.34⁴ + 0.1·0.66⁴ +
    // 0.8·0.04⁴ = 0.02031: ≈ 1.48e-4.
    float[] out = noisy(constant(0.3f), 0.2, 0, COPIES);
    double n = out.length;
    double sum = 0;
    double squares = 0;
    for (float value : out) {
      sum += value;
      squares += (double) value * value;
    }
    double mean = sum / n;
    assertEquals(0.34, mean, 5 * Math.sqrt(0.0564 / n));
    assertEquals(0.0564, squares / n - mean * mean, 5 * 1.48e-4);
  }

  @Test
  void neighbouringPixelsAndCopiesAreCorruptedIndependently() {
    float[] out = noisy(constant(0.5f), 0.5, 0, COPIES);
    // Indicator "corrupted" of pixel i and pixel i + 1, and of copy k and copy k + 1: for
    // independent Bernoulli(0.5) pairs, P(both) = 0.25 with SE √(0.25·0.75/n).
    long bothPixels = 0;
    long bothCopies = 0;
    long pairs = 0;
    for (int i = 0; i + PIXELS < out.length; i++) {
      boolean here = out[i] != 0.5f;
      bothPixels += here && out[i + 1] != 0.5f ? 1 : 0;
      bothCopies += here && out[i + PIXELS] != 0.5f ? 1 : 0;
      pairs++;
    }
    double tolerance = 5 * Math.sqrt(0.25 * 0.75 / pairs);
    assertEquals(0.25, (double) bothPixels / pairs, tolerance, "neighbouring pixels");
    assertEquals(0.25, (double) bothCopies / pairs, tolerance, "neighbouring copies");
  }

  @Test
  void noProbabilityChangesNothingAndProbabilityOneChangesEveryPixel() {
    float[] image = constant(0.5f);
    for (float value : noisy(image, 0, 0, 100)) {
      assertEquals(0.5f, value);
    }
    for (float value : noisy(image, 1, 0, 100)) {
      assertTrue(value == 0f || value == 1f, "pixel " + value);
    }
  }

  @Test
  void copyKDependsOnlyOnThePairSeedAndK() {
    float[] image = constant(0.25f);
    float[] whole = noisy(image, 0.3, 0, 50);
    float[] chunked = new float[whole.length];
    for (int first = 0; first < 50; first += 7) {
      int count = Math.min(7, 50 - first);
      ImpulseNoise.fill(PAIR, first, count, image, 0.3, chunked, first * PIXELS);
    }
    assertArrayEquals(whole, chunked);
    assertNotEquals(
        Arrays.toString(Arrays.copyOf(whole, PIXELS)),
        Arrays.toString(Arrays.copyOfRange(whole, PIXELS, 2 * PIXELS)),
        "two copies differ");
  }
}
