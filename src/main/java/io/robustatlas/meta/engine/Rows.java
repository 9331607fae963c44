package io.robustatlas.meta.engine;

/** Row-wise helpers on row-major {@code rows × cols} blocks: bias rows, column sums, ReLU. */
final class Rows {
  private Rows() {}

  /** {@code y[r][j] += bias[j]} for every row. */
  static void addBias(float[] y, int yo, int rows, int cols, float[] params, int bias) {
    for (int r = 0; r < rows; r++) {
      int row = yo + r * cols;
      for (int j = 0; j < cols; j++) {
        y[row + j] += params[bias + j];
      }
    }
  }

  /** {@code grads[bias + j] += Σ_r dy[r][j]}: a bias's gradient. */
  static void sumInto(float[] dy, int dyo, int rows, int cols, float[] grads, int bias) {
    for (int r = 0; r < rows; r++) {
      int row = dyo + r * cols;
      for (int j = 0; j < cols; j++) {
        grads[bias + j] += dy[row + j];
      }
    }
  }

  /** {@code x = max(x, 0)} on {@code x[from, from + length)}. */
  static void relu(float[] x, int from, int length) {
    for (int i = from; i < from + length; i++) {
      x[i] = Math.max(x[i], 0f);
    }
  }

  /** {@code dy = 0} where the ReLU's output {@code y} is 0 (its gradient there, as DL4J's and PyTorch's). */
  static void reluBackward(float[] y, int yo, float[] dy, int dyo, int length) {
    for (int i = 0; i < length; i++) {
      // A select, not a branch: about half the units are off, which a branch mispredicts.
      dy[dyo + i] = y[yo + i] > 0f ? dy[dyo + i] : 0f;
    }
  }
}
