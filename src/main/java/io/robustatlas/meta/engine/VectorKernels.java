package io.robustatlas.meta.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the JDK Vector API. The product keeps a tile of C of 4 rows × 2 registers in
 * 8 accumulators: per step of the inner index, 2 loads of a row of B and 4 broadcasts of A feed 8
 * independent fused multiply-adds (enough to cover the FMA latency), and the tile is loaded and
 * stored once. Tiles of 2 registers divide every width the meta-networks use (multiples of 32). Column tails narrower than a
 * register fall back to scalar code (only the meta-networks' one-unit head has them). The
 * transcendental functions are written in exact operations ({@link #exp(FloatVector)}), so they
 * give the same bits in the interpreter and in compiled code.
 *
 * <p>Loaded only through {@link Kernels#vector()}; stateless, so one instance serves every thread.
 */
final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;
  private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.withLanes(int.class);
  private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
  private static final FloatVector TWO = FloatVector.broadcast(SPECIES, 2f);
  private static final FloatVector LOG2E = FloatVector.broadcast(SPECIES, 1.44269504088896341f);
  private static final FloatVector ROUNDER = FloatVector.broadcast(SPECIES, 12582912f);
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(12582912f);
  private static final FloatVector MINUS_LN2_HIGH = FloatVector.broadcast(SPECIES, -0.693359375f);
  private static final FloatVector MINUS_LN2_LOW = FloatVector.broadcast(SPECIES, 2.12194440e-4f);
  private static final FloatVector EXP_P0 = FloatVector.broadcast(SPECIES, 1.9875691500e-4f);
  private static final FloatVector EXP_P1 = FloatVector.broadcast(SPECIES, 1.3981999507e-3f);
  private static final FloatVector EXP_P2 = FloatVector.broadcast(SPECIES, 8.3334519073e-3f);
  private static final FloatVector EXP_P3 = FloatVector.broadcast(SPECIES, 4.1665795894e-2f);
  private static final FloatVector EXP_P4 = FloatVector.broadcast(SPECIES, 1.6666665459e-1f);
  private static final FloatVector EXP_P5 = FloatVector.broadcast(SPECIES, 5.0000001201e-1f);
  private static final FloatVector TANH_P0 = FloatVector.broadcast(SPECIES, -5.70498872745e-3f);
  private static final FloatVector TANH_P1 = FloatVector.broadcast(SPECIES, 2.06390887954e-2f);
  private static final FloatVector TANH_P2 = FloatVector.broadcast(SPECIES, -5.37397155531e-2f);
  private static final FloatVector TANH_P3 = FloatVector.broadcast(SPECIES, 1.33314422036e-1f);
  private static final FloatVector TANH_P4 = FloatVector.broadcast(SPECIES, -3.33332819422e-1f);

  @Override
  public void gemm(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int rows, int inner, int cols, boolean accumulate) {
    int vectorCols = cols - cols % LANES;
    int r = 0;
    for (; r + ROWS <= rows; r += ROWS) {
      int aRow = ao + r * rowStride;
      int cRow = co + r * cols;
      int j = 0;
      for (; j + 2 * LANES <= vectorCols; j += 2 * LANES) {
        tile4x2(a, aRow, rowStride, innerStride, b, bo + j, c, cRow + j, inner, cols, accumulate);
      }
      if (j < vectorCols) {
        tile4x1(a, aRow, rowStride, innerStride, b, bo + j, c, cRow + j, inner, cols, accumulate);
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

  /** A tile of C of 4 rows × 2 registers: 8 independent accumulators. */
  private static void tile4x2(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int inner, int cols, boolean accumulate) {
    FloatVector c00 = start(c, co, accumulate);
    FloatVector c01 = start(c, co + LANES, accumulate);
    FloatVector c10 = start(c, co + cols, accumulate);
    FloatVector c11 = start(c, co + cols + LANES, accumulate);
    FloatVector c20 = start(c, co + 2 * cols, accumulate);
    FloatVector c21 = start(c, co + 2 * cols + LANES, accumulate);
    FloatVector c30 = start(c, co + 3 * cols, accumulate);
    FloatVector c31 = start(c, co + 3 * cols + LANES, accumulate);
    int a1 = ao + rowStride;
    int a2 = ao + 2 * rowStride;
    int a3 = ao + 3 * rowStride;
    for (int s = 0, offset = 0, bRow = bo; s < inner; s++, offset += innerStride, bRow += cols) {
      FloatVector b0 = load(b, bRow);
      FloatVector b1 = load(b, bRow + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[ao + offset]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      x = FloatVector.broadcast(SPECIES, a[a1 + offset]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      x = FloatVector.broadcast(SPECIES, a[a2 + offset]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      x = FloatVector.broadcast(SPECIES, a[a3 + offset]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + LANES);
    c10.intoArray(c, co + cols);
    c11.intoArray(c, co + cols + LANES);
    c20.intoArray(c, co + 2 * cols);
    c21.intoArray(c, co + 2 * cols + LANES);
    c30.intoArray(c, co + 3 * cols);
    c31.intoArray(c, co + 3 * cols + LANES);
  }

  /** A tile of C of 4 rows × 1 register. */
  private static void tile4x1(
      float[] a, int ao, int rowStride, int innerStride, float[] b, int bo, float[] c, int co,
      int inner, int cols, boolean accumulate) {
    FloatVector c0 = start(c, co, accumulate);
    FloatVector c1 = start(c, co + cols, accumulate);
    FloatVector c2 = start(c, co + 2 * cols, accumulate);
    FloatVector c3 = start(c, co + 3 * cols, accumulate);
    int a1 = ao + rowStride;
    int a2 = ao + 2 * rowStride;
    int a3 = ao + 3 * rowStride;
    for (int s = 0, offset = 0, bRow = bo; s < inner; s++, offset += innerStride, bRow += cols) {
      FloatVector b0 = load(b, bRow);
      c0 = b0.fma(FloatVector.broadcast(SPECIES, a[ao + offset]), c0);
      c1 = b0.fma(FloatVector.broadcast(SPECIES, a[a1 + offset]), c1);
      c2 = b0.fma(FloatVector.broadcast(SPECIES, a[a2 + offset]), c2);
      c3 = b0.fma(FloatVector.broadcast(SPECIES, a[a3 + offset]), c3);
    }
    c0.intoArray(c, co);
    c1.intoArray(c, co + cols);
    c2.intoArray(c, co + 2 * cols);
    c3.intoArray(c, co + 3 * cols);
  }

  private static FloatVector start(float[] c, int offset, boolean accumulate) {
    return accumulate ? load(c, offset) : FloatVector.zero(SPECIES);
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
    int end = from + length;
    int i = from;
    for (; i + LANES <= end; i += LANES) {
      tanh(load(x, i)).intoArray(x, i);
    }
    for (; i < end; i++) {
      x[i] = (float) Math.tanh(x[i]);
    }
  }

  @Override
  public void sigmoid(float[] x, int from, int length) {
    int end = from + length;
    int i = from;
    for (; i + LANES <= end; i += LANES) {
      ONE.div(exp(load(x, i).neg()).add(ONE)).intoArray(x, i);
    }
    for (; i < end; i++) {
      x[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }
  }

  @Override
  public void exp(float[] x, int from, int length) {
    int end = from + length;
    int i = from;
    for (; i + LANES <= end; i += LANES) {
      exp(load(x, i)).intoArray(x, i);
    }
    for (; i < end; i++) {
      x[i] = (float) Math.exp(x[i]);
    }
  }

  /**
   * e^x from additions, products, fused multiply-adds, one division-free scaling and integer
   * bit operations only (Cephes' {@code expf}: x = n·ln 2 + r, |r| ≤ ln 2 / 2, a degree-6
   * polynomial for e^r, 2^n built in the exponent bits; about 1 ulp). The Vector API's own {@code
   * EXP} and {@code TANH} give other bits before the JIT compiles the caller than after, so a
   * retried task could write other bytes; these operations round the same either way.
   */
  static FloatVector exp(FloatVector x) {
    FloatVector clamped = x.max(-87.3f).min(88.7f);
    // Round x·log2(e) to the nearest integer: adding 1.5·2^23 leaves it in the low mantissa bits.
    FloatVector shifted = clamped.fma(LOG2E, ROUNDER);
    FloatVector n = shifted.sub(ROUNDER);
    FloatVector r = n.fma(MINUS_LN2_HIGH, clamped);
    r = n.fma(MINUS_LN2_LOW, r);
    FloatVector p = r.fma(EXP_P0, EXP_P1);
    p = p.fma(r, EXP_P2);
    p = p.fma(r, EXP_P3);
    p = p.fma(r, EXP_P4);
    p = p.fma(r, EXP_P5);
    p = p.fma(r.mul(r), r).add(ONE);
    IntVector exponent =
        ((IntVector) shifted.reinterpretShape(INT_SPECIES, 0))
            .sub(ROUNDER_BITS - 127)
            .lanewise(VectorOperators.LSHL, 23);
    return p.mul((FloatVector) exponent.reinterpretShape(SPECIES, 0));
  }

  /**
   * tanh from {@link #exp(FloatVector)}: 1 − 2 / (e^{2|x|} + 1) with x's sign, and Cephes'
   * odd polynomial below |x| = 0.625, where that form would lose the small result's digits.
   */
  static FloatVector tanh(FloatVector x) {
    FloatVector magnitude = x.abs();
    FloatVector large = ONE.sub(TWO.div(exp(magnitude.add(magnitude)).add(ONE)));
    large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
    FloatVector z = x.mul(x);
    FloatVector small = z.fma(TANH_P0, TANH_P1);
    small = small.fma(z, TANH_P2);
    small = small.fma(z, TANH_P3);
    small = small.fma(z, TANH_P4);
    small = small.mul(z).fma(x, x);
    return large.blend(small, magnitude.compare(VectorOperators.LT, 0.625f));
  }

  @Override
  public String name() {
    return "vector";
  }
}
