package io.robustatlas.meta.engine;

import io.robustatlas.engine.Engines;

/**
 * The arithmetic every layer is written in: one matrix product with strided left operand and the
 * transcendental functions, on row-major float arrays. Two implementations: {@code VectorKernels}
 * (JDK Vector API, register-blocked) and {@link ScalarKernels} (plain Java, for JVMs without
 * {@code jdk.incubator.vector}). The Vector API class is loaded only when chosen.
 */
public abstract class Kernels {
  /** The fastest kernels this JVM can run: vector where {@link Engines#vectorAvailable()}. */
  public static Kernels best() {
    return Engines.vectorAvailable() ? vector() : scalar();
  }

  /** The Vector API kernels; needs {@code --add-modules jdk.incubator.vector}. */
  public static Kernels vector() {
    return VectorKernelsHolder.INSTANCE;
  }

  /** The plain-Java kernels. */
  public static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** Loads the Vector API class on first use only. */
  private static final class VectorKernelsHolder {
    static final Kernels INSTANCE = new VectorKernels();
  }

  /**
   * {@code C[r][j] (+)= Σ_s A(r, s) · B[s][j]} for r < rows, s < inner, j < cols, where {@code
   * A(r, s) = a[ao + r·rowStride + s·innerStride]}, B is {@code inner × cols} at {@code bo} and C
   * is {@code rows × cols} at {@code co}, both row-major and contiguous. With {@code rowStride =
   * lda, innerStride = 1} this is {@code A·B}; with {@code rowStride = 1, innerStride = lda} it is
   * {@code Aᵀ·B} (a weight gradient {@code Xᵀ·dY}).
   *
   * @param accumulate add to C instead of overwriting it
   */
  public abstract void gemm(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int rows, int inner, int cols, boolean accumulate);

  /** {@code C = A·B}: A is {@code rows × inner} with row stride {@code lda}. */
  public final void multiply(
      float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int rows, int inner,
      int cols, boolean accumulate) {
    gemm(a, ao, lda, 1, b, bo, c, co, rows, inner, cols, accumulate);
  }

  /**
   * {@code C += Aᵀ·B}: A is {@code count × inner} with row stride {@code lda}, B is {@code count ×
   * cols}, C is {@code inner × cols}.
   */
  public final void multiplyTransposed(
      float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int count, int inner,
      int cols) {
    gemm(a, ao, 1, lda, b, bo, c, co, inner, count, cols, true);
  }

  /** {@code x = tanh(x)} on {@code x[from, from + length)}. */
  public abstract void tanh(float[] x, int from, int length);

  /** {@code x = 1 / (1 + exp(−x))} on {@code x[from, from + length)}. */
  public abstract void sigmoid(float[] x, int from, int length);

  /** {@code x = exp(x)} on {@code x[from, from + length)}. */
  public abstract void exp(float[] x, int from, int length);

  /** A short name for logs and benchmarks: {@code vector} or {@code scalar}. */
  public abstract String name();
}
