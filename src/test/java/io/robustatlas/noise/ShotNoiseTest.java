package io.robustatlas.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shot noise of an image: x' = Poisson(λ·x) / λ, so E[x'] = x and Var[x'] = x / λ. Checked on 500
 * copies of a 784-pixel image of one value (n = 392,000 pixels) at fixed seeds, with bounds of 5
 * standard errors from the Poisson moments (see {@link PoissonSamplerTest}).
 */
class ShotNoiseTest {
  private static final int PIXELS = 784;
  private static final long PAIR = NoiseSeeds.pairSeed(NoiseKind.SHOT, 3, "shot-test", 5, 10);

  private static float[] constant(float value) {
    float[] image = new float[PIXELS];
    Arrays.fill(image, value);
    return image;
  }

  @ParameterizedTest
  @CsvSource({"0.4, 10", "1.0, 10", "0.4, 1000", "0.02, 3"})
  void meanIsThePixelAndVarianceThePixelOverLambda(float x, double lambda) {
    int copies = 500;
    float[] out = new float[copies * PIXELS];
    ShotNoise.of(constant(x), lambda).fill(PAIR, 0, copies, out, 0);
    double n = out.length;
    double sum = 0;
    double squares = 0;
    for (float value : out) {
      sum += value;
      squares += (double) value * value;
    }
    double mean = sum / n;
    double variance = squares / n - mean * mean;
    // Counts K ~ Poisson(μ = λx); x' = K/λ: SE(mean) = √(μ/n)/λ, SE(variance) = √((μ + 2μ²)/n)/λ².
    double mu = lambda * x;
    assertEquals(x, mean, 5 * Math.sqrt(mu / n) / lambda, "mean");
    assertEquals(x / lambda, variance, 5 * Math.sqrt((mu + 2 * mu * mu) / n) / (lambda * lambda));
  }

  @Test
  void everyValueIsAWholeNumberOfPhotonsAndBlackStaysBlack() {
    float[] image = constant(0.5f);
    image[0] = 0f;
    float[] out = new float[20 * PIXELS];
    ShotNoise.of(image, 7).fill(PAIR, 0, 20, out, 0);
    for (int i = 0; i < out.length; i++) {
      double photons = out[i] * 7.0;
      assertEquals(Math.rint(photons), photons, 1e-5, "value " + out[i]);
      if (i % PIXELS == 0) {
        assertEquals(0f, out[i], "a black pixel has no photons");
      }
    }
  }

  @Test
  void copyKDependsOnlyOnThePairSeedAndK() {
    float[] image = constant(0.3f);
    ShotNoise noise = ShotNoise.of(image, 20);
    float[] whole = new float[40 * PIXELS];
    noise.fill(PAIR, 0, 40, whole, 0);
    float[] chunked = new float[whole.length];
    for (int first = 0; first < 40; first += 9) {
      int count = Math.min(9, 40 - first);
      ShotNoise.of(image, 20).fill(PAIR, first, count, chunked, first * PIXELS);
    }
    assertArrayEquals(whole, chunked);
  }

  @Test
  void rejectsALevelOrPixelOutOfRange() {
    assertEquals(
        "Cannot make shot noise of λ = 0.0: must be > 0",
        assertThrows(IllegalArgumentException.class, () -> ShotNoise.of(constant(0.5f), 0))
            .getMessage());
    float[] image = constant(0.5f);
    image[3] = 1.5f;
    assertEquals(
        "Cannot make shot noise of pixel 3 = 1.5: pixels must be in [0, 1]",
        assertThrows(IllegalArgumentException.class, () -> ShotNoise.of(image, 10)).getMessage());
  }
}
