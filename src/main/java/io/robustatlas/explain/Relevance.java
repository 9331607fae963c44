package io.robustatlas.explain;

import java.util.Arrays;

/**
 * A relevance map of one probed pair: the gradient of the predicted class's logit with respect to
 * the input, and its Taylor map R = gradient · (x − x̃) around a {@link RootPoint}.
 *
 * @param gradient ∂y/∂x, 784 values
 * @param taylor R, 784 values
 * @param logit y(x), the predicted class's logit
 * @param rootLogit y(x̃), the same logit at the root point
 */
record Relevance(float[] gradient, float[] taylor, double logit, double rootLogit) {
  /** Share of pixels whose relevance {@link #concentration} sums. */
  static final double TOP_SHARE = 0.1;

  /** The relevance of {@code image} for class {@code target} around {@code root}. */
  static Relevance of(LeNetBackprop network, float[] image, float[] root, int target) {
    double[] logits = new double[io.robustatlas.model.LeNet5.CLASSES];
    double[] gradient = network.gradient(image, target, logits);
    double rootLogit = network.logits(root)[target];
    float[] g = new float[gradient.length];
    float[] r = new float[gradient.length];
    for (int p = 0; p < gradient.length; p++) {
      g[p] = (float) gradient[p];
      r[p] = (float) (gradient[p] * ((double) image[p] - root[p]));
    }
    return new Relevance(g, r, logits[target], rootLogit);
  }

  /** Σ R: y(x) − y(x̃) when the first-order expansion is exact. */
  double taylorSum() {
    double sum = 0;
    for (float value : taylor) {
      sum += value;
    }
    return sum;
  }

  /**
   * How concentrated the relevance is: the share of Σ|R| carried by the {@link #TOP_SHARE} of
   * pixels with the largest |R| (78 of 784); from 0.1 (spread evenly) to 1 (all in those pixels).
   * NaN when R is zero everywhere.
   */
  double concentration() {
    return concentration(taylor, TOP_SHARE);
  }

  static double concentration(float[] values, double share) {
    double[] magnitudes = new double[values.length];
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      magnitudes[i] = Math.abs(values[i]);
      total += magnitudes[i];
    }
    if (total == 0) {
      return Double.NaN;
    }
    Arrays.sort(magnitudes);
    int top = (int) Math.round(share * values.length);
    double sum = 0;
    for (int i = magnitudes.length - top; i < magnitudes.length; i++) {
      sum += magnitudes[i];
    }
    return sum / total;
  }
}
