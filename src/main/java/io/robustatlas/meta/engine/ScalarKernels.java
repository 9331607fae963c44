package io.robustatlas.meta.engine;

/**
 * {@link Kernels} in plain Java: the inner loop is an axpy over a row of B, which HotSpot's C2
 * compiles to SIMD code on its own. The fallback for JVMs without the Vector API.
 */
final class ScalarKernels extends Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public void gemm(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int rows, int inner, int cols, boolean accumulate) {
    for (int r = 0; r < rows; r++) {
      int cRow = co + r * cols;
      if (!accumulate) {
        java.util.Arrays.fill(c, cRow, cRow + cols, 0f);
      }
      int aRow = ao + r * rowStride;
      for (int s = 0; s < inner; s++) {
        float scale = a[aRow + s * innerStride];
        if (scale == 0f) {
          continue;
        }
        int bRow = bo + s * cols;
        for (int j = 0; j < cols; j++) {
          c[cRow + j] += scale * b[bRow + j];
        }
      }
    }
  }

  @Override
  public void tanh(float[] x, int from, int length) {
    for (int i = from; i < from + length; i++) {
      x[i] = (float) Math.tanh(x[i]);
    }
  }

  @Override
  public void sigmoid(float[] x, int from, int length) {
    for (int i = from; i < from + length; i++) {
      x[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }
  }

  @Override
  public void exp(float[] x, int from, int length) {
    for (int i = from; i < from + length; i++) {
      x[i] = (float) Math.exp(x[i]);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
