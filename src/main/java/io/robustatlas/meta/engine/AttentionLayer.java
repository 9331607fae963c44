package io.robustatlas.meta.engine;

import java.util.Arrays;

/**
 * DL4J 1.0.0-M2's {@code SelfAttentionLayer} with projected input (nd4j's {@code
 * multi_head_dot_product_attention}, scaled): every step attends to every step of its own row.
 * Head h's query, key and value of step t are {@code x_t·Wq}, {@code x_t·Wk}, {@code x_t·Wv}
 * restricted to columns {@code [h·d, (h + 1)·d)} ({@code d = headSize}); its weights over the
 * steps s are {@code softmax_s(q_t·k_s / √d)}, its result the weighted sum of the values; the heads'
 * results, concatenated in head order, times {@code Wo} are the output. No biases.
 *
 * <p>The backward pass is the true gradient of this forward pass, the 1/√d included. DL4J's own
 * backward pass is not: SameDiff runs nd4j's {@code multi_head_dot_product_attention_bp} without
 * its normalisation (the op's {@code scaled} field is not restored from its {@code normalization}
 * property, as SameDiff warns), so DL4J backpropagates through weights {@code softmax_s(q_t·k_s)},
 * recomputed without the 1/√d, while its forward pass has it; it also doubles each attention
 * layer's gradient. The networks DL4J's trainers fit follow that gradient; the engine fits the
 * network its forward pass, DL4J's, defines ({@code EngineStepTest} checks both against central
 * differences of DL4J's score).
 *
 * <p>Parameters {@code <name>_Wq}, {@code _Wk}, {@code _Wv} ({@code in × heads·d}: DL4J's {@code
 * [heads, d, in]} arrays with column {@code h·d + s} holding head h's row s) and {@code <name>_Wo}
 * ({@code heads·d × width}, as DL4J's). The projections of all steps are matrix products over
 * {@code steps·m} rows; the {@code steps × steps} attention of each row and head is plain loops,
 * as the sequences are a few steps long.
 */
final class AttentionLayer extends SequenceLayer {
  private final int in;
  private final int width;
  private final int heads;
  private final int headSize;
  private final int inner;
  /** The scores' scale, 1/√d. */
  private final float scale;
  private final int wq;
  private final int wk;
  private final int wv;
  private final int wo;

  /** What one unit keeps: the projections, the attention weights and the heads' results. */
  private static final class Cache {
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] attended;
    /** Softmax weights: row r, head h, query step t at {@code ((r·heads + h)·steps + t)·steps}. */
    final float[] weights;
    final float[] dq;
    final float[] dk;
    final float[] dv;
    final float[] dAttended;
    final float[] dWeights;

    Cache(int rows, int steps, int inner, int heads) {
      int size = steps * rows * inner;
      q = new float[size];
      k = new float[size];
      v = new float[size];
      attended = new float[size];
      weights = new float[rows * heads * steps * steps];
      dq = new float[size];
      dk = new float[size];
      dv = new float[size];
      dAttended = new float[size];
      dWeights = new float[steps];
    }
  }

  AttentionLayer(ParamLayout layout, String name, int in, int width, int heads) {
    this.in = in;
    this.width = width;
    this.heads = heads;
    this.headSize = width / heads;
    this.inner = heads * headSize;
    this.scale = (float) (1 / Math.sqrt(headSize));
    this.wq = layout.weight(name + "_Wq", in, inner);
    this.wk = layout.weight(name + "_Wk", in, inner);
    this.wv = layout.weight(name + "_Wv", in, inner);
    this.wo = layout.weight(name + "_Wo", inner, width);
  }

  @Override
  int width() {
    return width;
  }

  @Override
  Object newCache(int rows, int steps) {
    return new Cache(rows, steps, inner, heads);
  }

  @Override
  void forward(Pass pass, Object cache, float[] x, float[] out, int m) {
    Cache c = (Cache) cache;
    Kernels kernels = pass.kernels();
    float[] p = pass.params();
    int steps = pass.steps();
    int rows = steps * m;
    kernels.multiply(x, 0, in, p, wq, c.q, 0, rows, in, inner, false);
    kernels.multiply(x, 0, in, p, wk, c.k, 0, rows, in, inner, false);
    kernels.multiply(x, 0, in, p, wv, c.v, 0, rows, in, inner, false);
    attendAll(c, m, steps);
    kernels.multiply(c.attended, 0, inner, p, wo, out, 0, rows, inner, width, false);
  }

  /** Every row's, head's and query step's attention. */
  private void attendAll(Cache c, int m, int steps) {
    for (int r = 0; r < m; r++) {
      for (int h = 0; h < heads; h++) {
        for (int t = 0; t < steps; t++) {
          attend(c, m, steps, r, h, t);
        }
      }
    }
  }

  /** Head h's weights over the steps for query step t of row r, and its weighted sum of values. */
  private void attend(Cache c, int m, int steps, int r, int h, int t) {
    int query = (t * m + r) * inner + h * headSize;
    int w = weightsAt(r, h, t, steps);
    float max = Float.NEGATIVE_INFINITY;
    for (int s = 0; s < steps; s++) {
      float score = dot(c.q, query, c.k, (s * m + r) * inner + h * headSize) * scale;
      c.weights[w + s] = score;
      max = Math.max(max, score);
    }
    double sum = 0;
    for (int s = 0; s < steps; s++) {
      float e = (float) Math.exp(c.weights[w + s] - max);
      c.weights[w + s] = e;
      sum += e;
    }
    Arrays.fill(c.attended, query, query + headSize, 0f);
    for (int s = 0; s < steps; s++) {
      float a = (float) (c.weights[w + s] / sum);
      c.weights[w + s] = a;
      axpy(a, c.v, (s * m + r) * inner + h * headSize, c.attended, query);
    }
  }

  @Override
  void backward(Pass pass, Object cache, float[] x, float[] out, float[] dOut, float[] dx, int m) {
    Cache c = (Cache) cache;
    Kernels kernels = pass.kernels();
    float[] g = pass.grads();
    float[] pt = pass.transposed();
    int steps = pass.steps();
    int rows = steps * m;
    kernels.multiplyTransposed(c.attended, 0, inner, dOut, 0, g, wo, rows, inner, width);
    kernels.multiply(dOut, 0, width, pt, wo, c.dAttended, 0, rows, width, inner, false);
    Arrays.fill(c.dk, 0, rows * inner, 0f);
    Arrays.fill(c.dv, 0, rows * inner, 0f);
    for (int r = 0; r < m; r++) {
      for (int h = 0; h < heads; h++) {
        for (int t = 0; t < steps; t++) {
          attendBackward(c, m, steps, r, h, t);
        }
      }
    }
    kernels.multiplyTransposed(x, 0, in, c.dq, 0, g, wq, rows, in, inner);
    kernels.multiplyTransposed(x, 0, in, c.dk, 0, g, wk, rows, in, inner);
    kernels.multiplyTransposed(x, 0, in, c.dv, 0, g, wv, rows, in, inner);
    kernels.multiply(c.dq, 0, inner, pt, wq, dx, 0, rows, inner, in, false);
    kernels.multiply(c.dk, 0, inner, pt, wk, dx, 0, rows, inner, in, true);
    kernels.multiply(c.dv, 0, inner, pt, wv, dx, 0, rows, inner, in, true);
  }

  /**
   * Backpropagates head h's result for query step t of row r through its attention (the forward
   * pass's weights, in the cache): sets that query's gradient and adds to the keys' and values' of
   * every step.
   */
  private void attendBackward(Cache c, int m, int steps, int r, int h, int t) {
    int query = (t * m + r) * inner + h * headSize;
    int w = weightsAt(r, h, t, steps);
    float[] dw = c.dWeights;
    double expected = 0;
    for (int s = 0; s < steps; s++) {
      int key = (s * m + r) * inner + h * headSize;
      dw[s] = dot(c.dAttended, query, c.v, key);
      expected += c.weights[w + s] * dw[s];
      axpy(c.weights[w + s], c.dAttended, query, c.dv, key);
    }
    Arrays.fill(c.dq, query, query + headSize, 0f);
    for (int s = 0; s < steps; s++) {
      int key = (s * m + r) * inner + h * headSize;
      // The softmax's Jacobian, dScore_s = a_s·(dw_s − Σ_j a_j·dw_j), times the scores' 1/√d.
      float dScore = (float) (c.weights[w + s] * (dw[s] - expected)) * scale;
      axpy(dScore, c.k, key, c.dq, query);
      axpy(dScore, c.q, query, c.dk, key);
    }
  }

  private int weightsAt(int r, int h, int t, int steps) {
    return ((r * heads + h) * steps + t) * steps;
  }

  private float dot(float[] a, int ao, float[] b, int bo) {
    float sum = 0;
    for (int s = 0; s < headSize; s++) {
      sum += a[ao + s] * b[bo + s];
    }
    return sum;
  }

  /** {@code y[yo, yo + headSize) += alpha · x[xo, xo + headSize)}. */
  private void axpy(float alpha, float[] x, int xo, float[] y, int yo) {
    for (int s = 0; s < headSize; s++) {
      y[yo + s] += alpha * x[xo + s];
    }
  }
}
