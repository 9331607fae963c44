package io.robustatlas.meta.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the JDK Vector API. The product keeps a tile of C of 4 rows × 3 registers in
 * 12 accumulators: per step of the inner index, 3 loads of a row of B and 4 broadcasts of A feed
 * 12 fused multiply-adds, so the tile is loaded and stored once. Column tails narrower than a
 * register fall back to scalar code (only the meta-networks' one-unit head has them). The
 * transcendental functions use the Vector API's lanewise operators (Intel SVML on x86).
 *
 * <p>Loaded only through {@link Kernels#vector()}; stateless, so one instance serves every thread.
 */
final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;

  @Override
  public void gemm(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int rows, int inner, int cols, boolean accumulate) {
    int vectorCols = cols - cols % LANES;
    int r = 0;
    for (; r + ROWS <= rows; r += ROWS) {
      int j = 0;
      for (; j + 3 * LANES <= vectorCols; j += 3 * LANES) {
        tile4x3(a, ao + r * rowStride, rowStride, innerStride, b, bo + j, c, co + r * cols + j,
            inner, cols, accumulate);
      }
      for (; j < vectorCols; j += LANES) {
        for (int q = 0; q < ROWS; q++) {
          row1(a, ao + (r + q) * rowStride, innerStride, b, bo + j, c, co + (r + q) * cols + j,
              inner, cols, accumulate);
        }
      }
    }
    for (; r < rows; r++) {
      for (int j = 0; j < vectorCols; j += LANES) {
        row1(a, ao + r * rowStride, innerStride, b, bo + j, c, co + r * cols + j, inner, cols,
            accumulate);
      }
    }
    if (vectorCols < cols) {
      scalarColumns(a, ao, rowStride, innerStride, b, bo, c, co, rows, inner, cols, vectorCols,
          accumulate);
    }
  }

  /** A 4-row, 3-register tile of C. */
  private static void tile4x3(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int inner, int cols, boolean accumulate) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
    if (accumulate) {
      c00 = load(c, co);
      c01 = load(c, co + LANES);
      c02 = load(c, co + 2 * LANES);
      c10 = load(c, co + cols);
      c11 = load(c, co + cols + LANES);
      c12 = load(c, co + cols + 2 * LANES);
      c20 = load(c, co + 2 * cols);
      c21 = load(c, co + 2 * cols + LANES);
      c22 = load(c, co + 2 * cols + 2 * LANES);
      c30 = load(c, co + 3 * cols);
      c31 = load(c, co + 3 * cols + LANES);
      c32 = load(c, co + 3 * cols + 2 * LANES);
    } else {
      c00 = FloatVector.zero(SPECIES);
      c01 = c00;
      c02 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
    }
    int a0 = ao;
    int a1 = ao + rowStride;
    int a2 = ao + 2 * rowStride;
    int a3 = ao + 3 * rowStride;
    for (int s = 0; s < inner; s++) {
      int bRow = bo + s * cols;
      FloatVector b0 = load(b, bRow);
      FloatVector b1 = load(b, bRow + LANES);
      FloatVector b2 = load(b, bRow + 2 * LANES);
      int offset = s * innerStride;
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + offset]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(SPECIES, a[a1 + offset]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(SPECIES, a[a2 + offset]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      x = FloatVector.broadcast(SPECIES, a[a3 + offset]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + LANES);
    c02.intoArray(c, co + 2 * LANES);
    c10.intoArray(c, co + cols);
    c11.intoArray(c, co + cols + LANES);
    c12.intoArray(c, co + cols + 2 * LANES);
    c20.intoArray(c, co + 2 * cols);
    c21.intoArray(c, co + 2 * cols + LANES);
    c22.intoArray(c, co + 2 * cols + 2 * LANES);
    c30.intoArray(c, co + 3 * cols);
    c31.intoArray(c, co + 3 * cols + LANES);
    c32.intoArray(c, co + 3 * cols + 2 * LANES);
  }

  /** One register of one row of C. */
  private static void row1(
      float[] a, int ao, int innerStride, float[] b, int bo, float[] c, int co, int inner,
      int cols, boolean accumulate) {
    FloatVector sum = accumulate ? load(c, co) : FloatVector.zero(SPECIES);
    for (int s = 0; s < inner; s++) {
      sum = load(b, bo + s * cols).fma(FloatVector.broadcast(SPECIES, a[ao + s * innerStride]), sum);
    }
    sum.intoArray(c, co);
  }

  private static void scalarColumns(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int rows, int inner, int cols, int from, boolean accumulate) {
    for (int r = 0; r < rows; r++) {
      for (int j = from; j < cols; j++) {
        float sum = accumulate ? c[co + r * cols + j] : 0f;
        for (int s = 0; s < inner; s++) {
          sum = Math.fma(a[ao + r * rowStride + s * innerStride], b[bo + s * cols + j], sum);
        }
        c[co + r * cols + j] = sum;
      }
    }
  }

  private static FloatVector load(float[] array, int offset) {
    return FloatVector.fromArray(SPECIES, array, offset);
  }

  @Override
  public void tanh(float[] x, int from, int length) {
    lanewise(x, from, length, VectorOperators.TANH);
  }

  @Override
  public void sigmoid(float[] x, int from, int length) {
    int end = from + length;
    int i = from;
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    for (; i + LANES <= end; i += LANES) {
      FloatVector v = load(x, i);
      one.div(v.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(x, i);
    }
    for (; i < end; i++) {
      x[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }
  }

  @Override
  public void exp(float[] x, int from, int length) {
    lanewise(x, from, length, VectorOperators.EXP);
  }

  private static void lanewise(float[] x, int from, int length, VectorOperators.Unary op) {
    int end = from + length;
    int i = from;
    for (; i + LANES <= end; i += LANES) {
      load(x, i).lanewise(op).intoArray(x, i);
    }
    for (; i < end; i++) {
      x[i] = op == VectorOperators.TANH ? (float) Math.tanh(x[i]) : (float) Math.exp(x[i]);
    }
  }

  @Override
  public String name() {
    return "vector";
  }
}
