package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Softmax and KL against hand-computed values (mpmath, 30 digits). Logits are floats but the math
 * is double, so agreement to 1e-12 is expected wherever the float inputs are exact.
 */
class SoftmaxStatsTest {
  private static final double TOLERANCE = 1e-12;

  private static double klFromLogits(float[] clean, float[] noisy) {
    return SoftmaxStats.klFromLogits(clean, 0, noisy, 0, clean.length);
  }

  @Test
  void softmaxIsStableAndNormalised() {
    double[] probs = new double[3];
    SoftmaxStats.softmax(new float[] {9f, 1000f, 0f, 1000f}, 1, 3, probs);
    assertArrayEquals(new double[] {0.5, 0, 0.5}, probs, TOLERANCE);
    SoftmaxStats.softmax(new float[] {0f, (float) Math.log(3)}, 0, 2, probs);
    assertEquals(0.25, probs[0], 1e-7); // ln 3 rounded to float: relative error 6e-8
    assertEquals(1.0, probs[0] + probs[1], TOLERANCE);
  }

  @Test
  void identicalLogitsGiveExactlyZero() {
    float[] logits = {0.3f, -2f, 7.5f, 1e-3f};
    assertEquals(0.0, klFromLogits(logits, logits.clone()), 0.0);
    double[] p = {0.1, 0.2, 0.7};
    assertEquals(0.0, SoftmaxStats.kl(p, p), 0.0);
  }

  @Test
  void matchesHandComputedExamples() {
    // p = softmax(0, 1, 2), q = softmax(2, 1, 0): KL = 1.15042076520888...
    assertEquals(
        1.1504207652088829, klFromLogits(new float[] {0, 1, 2}, new float[] {2, 1, 0}), TOLERANCE);
    // p = (1/4, 3/4), q = (1/2, 1/2): KL = ¼ ln ½ + ¾ ln 3/2.
    assertEquals(
        0.13081203594113696,
        SoftmaxStats.kl(new double[] {0.25, 0.75}, new double[] {0.5, 0.5}),
        TOLERANCE);
    // 0·log 0 = 0: p = (1, 0), q = (1/2, 1/2) gives ln 2.
    assertEquals(
        Math.log(2), SoftmaxStats.kl(new double[] {1, 0}, new double[] {0.5, 0.5}), TOLERANCE);
  }

  @Test
  void veryDifferentLogitsStayFiniteAndPositive() {
    float[] clean = {400, -400, 0};
    float[] noisy = {-400, 400, 0};
    // q_0 = e^-800 underflows in double; log space still gives the exact 800 nats.
    assertEquals(800.0, klFromLogits(clean, noisy), 1e-9);
    double[] p = new double[3];
    double[] q = new double[3];
    SoftmaxStats.softmax(clean, 0, 3, p);
    SoftmaxStats.softmax(noisy, 0, 3, q);
    assertEquals(0.0, q[0], 0.0);
    double floored = SoftmaxStats.kl(p, q);
    assertTrue(Double.isFinite(floored) && floored > 600, "floored KL " + floored);
  }

  @Test
  void shiftingEitherSideLeavesKlUnchanged() {
    // Multiples of 1/8 shifted by 16 stay exact in float, so only double rounding remains.
    float[] clean = {0.125f, -1.5f, 2.75f, 0f, -3.25f};
    float[] noisy = {1f, 0.5f, -0.625f, 2f, -1f};
    double kl = klFromLogits(clean, noisy);
    assertTrue(kl > 0.1, "a real difference: " + kl);
    assertEquals(kl, klFromLogits(shift(clean, 16), noisy), TOLERANCE);
    assertEquals(kl, klFromLogits(clean, shift(noisy, -16)), TOLERANCE);
  }

  @Test
  void logitFormAgreesWithProbabilityForm() {
    SplittableRandom random = new SplittableRandom(7);
    double[] p = new double[10];
    double[] q = new double[10];
    float[] both = new float[25]; // clean at 2, noisy at 14: offsets must be honoured
    for (int trial = 0; trial < 100; trial++) {
      for (int i = 0; i < both.length; i++) {
        both[i] = (float) (random.nextGaussian() * 3);
      }
      SoftmaxStats.softmax(both, 2, 10, p);
      SoftmaxStats.softmax(both, 14, 10, q);
      assertEquals(SoftmaxStats.kl(p, q), SoftmaxStats.klFromLogits(both, 2, both, 14, 10), 1e-10);
    }
  }

  private static float[] shift(float[] logits, float by) {
    float[] shifted = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      shifted[i] = logits[i] + by;
    }
    return shifted;
  }
}
