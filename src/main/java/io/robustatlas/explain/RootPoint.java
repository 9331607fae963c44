package io.robustatlas.explain;

import io.robustatlas.model.LeNet5;
import java.util.Locale;

/**
 * The root point x̃ of the first-order Taylor decomposition R = ∂y/∂x · (x − x̃) ({@code
 * explain.root}): the "uninformative" image the relevance is measured against. For a ReLU network
 * the decomposition is exact (Σ R = y(x) − y(x̃)) when x and x̃ lie in one linear region.
 */
public enum RootPoint {
  /** The black image: R = gradient × input. */
  ZERO,
  /** The image blurred by a Gaussian of {@code explain.blur-sigma} pixels: R keeps the edges. */
  BLUR,
  /** The mean test image: R shows what sets this image apart from the average digit. */
  MEAN;

  /**
   * @param image 784 pixels
   * @param blurSigma the blur's standard deviation in pixels (for {@link #BLUR})
   * @param meanImage the mean test image (for {@link #MEAN})
   */
  float[] of(float[] image, double blurSigma, float[] meanImage) {
    return switch (this) {
      case ZERO -> new float[image.length];
      case BLUR -> blur(image, blurSigma);
      case MEAN -> meanImage.clone();
    };
  }

  /**
   * A separable Gaussian blur truncated at 3σ; near the border each pixel is a weighted mean of
   * the pixels inside the image only, so a constant image stays constant.
   */
  static float[] blur(float[] image, double sigma) {
    int side = LeNet5.SIDE;
    int radius = (int) Math.ceil(3 * sigma);
    double[] weights = new double[2 * radius + 1];
    for (int d = -radius; d <= radius; d++) {
      weights[d + radius] = Math.exp(-0.5 * d * d / (sigma * sigma));
    }
    float[] rows = new float[image.length];
    float[] out = new float[image.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        rows[y * side + x] = smooth(image, y * side, 1, x, side, weights, radius);
      }
    }
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        out[y * side + x] = smooth(rows, x, side, y, side, weights, radius);
      }
    }
    return out;
  }

  /** The weighted mean along one line ({@code start + i * step}) around position {@code at}. */
  private static float smooth(
      float[] values, int start, int step, int at, int length, double[] weights, int radius) {
    double sum = 0;
    double norm = 0;
    for (int i = Math.max(0, at - radius); i <= Math.min(length - 1, at + radius); i++) {
      double w = weights[i - at + radius];
      sum += w * values[start + i * step];
      norm += w;
    }
    return (float) (sum / norm);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
