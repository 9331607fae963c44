package io.robustatlas.meta.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels against plain double arithmetic: the strided product in both orientations, over
 * shapes with row and column tails, and the transcendental functions against {@link Math}.
 */
class KernelsTest {
  @ParameterizedTest
  @ValueSource(strings = {"vector", "scalar"})
  void productsMatchADoubleProduct(String name) {
    Kernels kernels = name.equals("vector") ? Kernels.vector() : Kernels.scalar();
    SplittableRandom random = new SplittableRandom(1);
    for (int[] shape : new int[][] {{32, 470, 128}, {7, 33, 41}, {5, 16, 1}, {64, 128, 512}}) {
      int rows = shape[0];
      int inner = shape[1];
      int cols = shape[2];
      int lda = inner + 3;
      float[] a = gaussian(random, rows * lda + 2);
      float[] b = gaussian(random, inner * cols);
      float[] c = gaussian(random, rows * cols);
      float[] before = c.clone();
      kernels.multiply(a, 2, lda, b, 0, c, 0, rows, inner, cols, true);
      // Sums of `inner` products of N(0, 1) floats: float rounding ~1e-7 × √inner of the terms.
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) {
          double expected = before[r * cols + j];
          for (int s = 0; s < inner; s++) {
            expected += (double) a[2 + r * lda + s] * b[s * cols + j];
          }
          assertEquals(expected, c[r * cols + j], 1e-5 * Math.sqrt(inner) * 4, name + " " + r + "," + j);
        }
      }
      float[] gradient = new float[inner * cols];
      float[] dy = gaussian(random, rows * cols);
      kernels.multiplyTransposed(a, 2, lda, dy, 0, gradient, 0, rows, inner, cols);
      for (int s = 0; s < inner; s++) {
        for (int j = 0; j < cols; j++) {
          double expected = 0;
          for (int r = 0; r < rows; r++) {
            expected += (double) a[2 + r * lda + s] * dy[r * cols + j];
          }
          assertEquals(expected, gradient[s * cols + j], 1e-5 * Math.sqrt(rows) * 4, name + " Aᵀ·B");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vector", "scalar"})
  void transcendentalsMatchMath(String name) {
    Kernels kernels = name.equals("vector") ? Kernels.vector() : Kernels.scalar();
    int n = 20_001;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -20f + 40f * i / (n - 1);
    }
    float[] tanh = x.clone();
    float[] sigmoid = x.clone();
    float[] exp = x.clone();
    kernels.tanh(tanh, 0, n);
    kernels.sigmoid(sigmoid, 0, n);
    kernels.exp(exp, 0, n);
    // A few float ulps: 1e-6 relative for e^x and σ; tanh also 1e-7 absolute near 0.
    for (int i = 0; i < n; i++) {
      double v = x[i];
      assertEquals(Math.exp(v), exp[i], 1e-6 * Math.exp(v), "exp " + v);
      assertEquals(1 / (1 + Math.exp(-v)), sigmoid[i], 1e-6 / (1 + Math.exp(-v)), "sigmoid " + v);
      assertEquals(Math.tanh(v), tanh[i], 1e-6 * Math.abs(Math.tanh(v)) + 1e-7, "tanh " + v);
    }
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
