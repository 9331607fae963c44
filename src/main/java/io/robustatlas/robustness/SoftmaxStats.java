package io.robustatlas.robustness;

/**
 * Softmax and Kullback–Leibler divergence for comparing a model's clean and noisy predictions.
 * Everything is computed in double after subtracting the maximum logit, so large logits neither
 * overflow nor turn probabilities into NaN.
 *
 * <p>The stage calls {@link #klFromLogits} once per noisy copy: it works in log space (log-sum-
 * exp), so a class whose noisy probability underflows to 0 still contributes its true, finite
 * penalty, and it costs 2·classes exp and 2 log with no allocation.
 */
public final class SoftmaxStats {
  /** Floor for q in {@link #kl}: log(1e-300) ≈ -690.8 stays finite. */
  static final double MIN_PROBABILITY = 1e-300;

  private SoftmaxStats() {}

  /**
   * Writes softmax({@code logits[offset .. offset + classes)}) to {@code probsOut[0 .. classes)}.
   */
  public static void softmax(float[] logits, int offset, int classes, double[] probsOut) {
    double max = max(logits, offset, classes);
    double sum = 0;
    for (int i = 0; i < classes; i++) {
      probsOut[i] = Math.exp(logits[offset + i] - max);
      sum += probsOut[i];
    }
    for (int i = 0; i < classes; i++) {
      probsOut[i] /= sum;
    }
  }

  /**
   * KL(p ‖ q) = Σ p_i (log p_i − log q_i) in nats, with 0·log 0 = 0 and q_i floored at 1e-300 so an
   * underflowed q gives a large finite value rather than ∞. Prefer {@link #klFromLogits} when
   * logits are at hand: it needs no floor.
   */
  public static double kl(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException(
          "Cannot compare distributions of " + p.length + " and " + q.length + " classes");
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        sum += p[i] * (Math.log(p[i]) - Math.log(Math.max(q[i], MIN_PROBABILITY)));
      }
    }
    return Math.max(0, sum);
  }

  /**
   * KL(softmax(clean) ‖ softmax(noisy)) in nats, straight from finite logits: Σ p_i (a_i − b_i) −
   * LSE(a) + LSE(b), with both sides shifted by their maximum. Identical logits give exactly 0;
   * rounding that would make the result slightly negative is clamped to 0.
   */
  public static double klFromLogits(
      float[] cleanLogits, int cleanOffset, float[] noisyLogits, int noisyOffset, int classes) {
    double cleanMax = max(cleanLogits, cleanOffset, classes);
    double noisyMax = max(noisyLogits, noisyOffset, classes);
    double cleanSum = 0;
    double noisySum = 0;
    double weightedGap = 0;
    for (int i = 0; i < classes; i++) {
      double a = cleanLogits[cleanOffset + i] - cleanMax;
      double b = noisyLogits[noisyOffset + i] - noisyMax;
      double weight = Math.exp(a);
      cleanSum += weight;
      noisySum += Math.exp(b);
      weightedGap += weight * (a - b);
    }
    double kl = weightedGap / cleanSum - Math.log(cleanSum) + Math.log(noisySum);
    return Math.max(0, kl);
  }

  private static double max(float[] values, int offset, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("Cannot take softmax over " + count + " classes");
    }
    float max = values[offset];
    for (int i = 1; i < count; i++) {
      max = Math.max(max, values[offset + i]);
    }
    return max;
  }
}
