package io.robustatlas.meta.engine;

import java.util.Arrays;

/**
 * Multi-head scaled dot-product attention over the steps of each row, without projections: for
 * every row r, head h and query step t, the weights {@code a_s = softmax_s(q_t·k_s / √d)} over the
 * key steps s and the context {@code Σ_s a_s·v_s}; backward, the true gradient of that context into
 * {@code dq}, {@code dk} and {@code dv}, through the weights, the softmax and the scores' 1/√d.
 *
 * <p>Layout: the queries, keys, values and contexts are step-major sequences ({@link
 * SequenceLayer}): row r of step t is row {@code t·m + r} of a row-major {@code T·m × heads·d}
 * block, and head h owns the contiguous columns {@code [h·d, (h + 1)·d)} ({@code d = headSize}).
 * Every row attends to its own steps only. The {@code T × T} attention of each row and head runs in
 * plain loops, as the sequences are a few steps long.
 *
 * <p>Shared by {@link AttentionLayer} (DL4J's self-attention, no biases) and {@link
 * TransformerLayer} (PyTorch's encoder layer), which differ only in the projections and what
 * surrounds this core. The instance holds dimensions only; what a unit computes lives in its own
 * {@link Cache}, so any thread may run any unit.
 */
final class DotProductAttention {
  private final int heads;
  private final int headSize;
  /** {@code heads·headSize}: the row width of the q, k, v and context blocks. */
  private final int width;
  /** The scores' scale, 1/√d. */
  private final float scale;

  /** One unit's projections, weights and context, and the backward pass's gradients of them. */
  static final class Cache {
    /** The queries, keys and values, filled by the layer before {@link #forward}. */
    final float[] q;
    final float[] k;
    final float[] v;
    /** Softmax weights: row r, head h, query step t at {@code ((r·heads + h)·steps + t)·steps}. */
    final float[] weights;
    /** The heads' contexts, concatenated in head order. */
    final float[] context;
    /** {@code dL/dcontext}, filled by the layer before {@link #backward}. */
    final float[] dContext;
    final float[] dq;
    final float[] dk;
    final float[] dv;
    /** One query's {@code dL/dweights}. */
    final float[] dWeights;

    private Cache(int rows, int steps, int width, int heads) {
      int size = steps * rows * width;
      q = new float[size];
      k = new float[size];
      v = new float[size];
      weights = new float[rows * heads * steps * steps];
      context = new float[size];
      dContext = new float[size];
      dq = new float[size];
      dk = new float[size];
      dv = new float[size];
      dWeights = new float[steps];
    }
  }

  DotProductAttention(int heads, int headSize) {
    this.heads = heads;
    this.headSize = headSize;
    this.width = heads * headSize;
    this.scale = (float) (1 / Math.sqrt(headSize));
  }

  /** Buffers for units of at most {@code rows} rows and {@code steps} steps. */
  Cache newCache(int rows, int steps) {
    return new Cache(rows, steps, width, heads);
  }

  /** The weights and the context of every row, head and query step from {@code c.q, c.k, c.v}. */
  void forward(Kernels kernels, Cache c, int m, int steps) {
    for (int r = 0; r < m; r++) {
      for (int h = 0; h < heads; h++) {
        scores(c, m, steps, r, h);
      }
    }
    kernels.exp(c.weights, 0, m * heads * steps * steps);
    for (int r = 0; r < m; r++) {
      for (int h = 0; h < heads; h++) {
        normaliseAndMix(c, m, steps, r, h);
      }
    }
  }

  /** Sets {@code c.dq, c.dk, c.dv} from {@code c.dContext} and the forward pass's weights. */
  void backward(Cache c, int m, int steps) {
    int size = steps * m * width;
    Arrays.fill(c.dq, 0, size, 0f);
    Arrays.fill(c.dk, 0, size, 0f);
    Arrays.fill(c.dv, 0, size, 0f);
    for (int r = 0; r < m; r++) {
      for (int h = 0; h < heads; h++) {
        for (int t = 0; t < steps; t++) {
          queryBackward(c, m, steps, r, h, t);
        }
      }
    }
  }

  /** Offset of row r's step t in a step-major {@code T·m × width} block, at head h's columns. */
  private int at(int m, int t, int r, int h) {
    return (t * m + r) * width + h * headSize;
  }

  /** Offset of the softmax weights of row r, head h, query step t. */
  private int weightsAt(int steps, int r, int h, int t) {
    return ((r * heads + h) * steps + t) * steps;
  }

  /** {@code weights = q·kᵀ·scale − max} for row r and head h (exponentiated by the caller). */
  private void scores(Cache c, int m, int steps, int r, int h) {
    for (int t = 0; t < steps; t++) {
      int row = weightsAt(steps, r, h, t);
      int qo = at(m, t, r, h);
      float max = Float.NEGATIVE_INFINITY;
      for (int u = 0; u < steps; u++) {
        int ko = at(m, u, r, h);
        float dot = 0;
        for (int i = 0; i < headSize; i++) {
          dot += c.q[qo + i] * c.k[ko + i];
        }
        float score = dot * scale;
        c.weights[row + u] = score;
        max = Math.max(max, score);
      }
      for (int u = 0; u < steps; u++) {
        c.weights[row + u] -= max;
      }
    }
  }

  /** Divides row r and head h's exponentials by their sums and mixes the values with them. */
  private void normaliseAndMix(Cache c, int m, int steps, int r, int h) {
    for (int t = 0; t < steps; t++) {
      int row = weightsAt(steps, r, h, t);
      float sum = 0;
      for (int u = 0; u < steps; u++) {
        sum += c.weights[row + u];
      }
      float inverse = 1 / sum;
      int co = at(m, t, r, h);
      Arrays.fill(c.context, co, co + headSize, 0f);
      for (int u = 0; u < steps; u++) {
        float weight = c.weights[row + u] * inverse;
        c.weights[row + u] = weight;
        int vo = at(m, u, r, h);
        for (int i = 0; i < headSize; i++) {
          c.context[co + i] += weight * c.v[vo + i];
        }
      }
    }
  }

  /**
   * Backpropagates query step t of row r and head h: adds to its query's gradient and to the keys'
   * and values' of every step.
   */
  private void queryBackward(Cache c, int m, int steps, int r, int h, int t) {
    int row = weightsAt(steps, r, h, t);
    int qo = at(m, t, r, h);
    float[] dWeights = c.dWeights;
    float mean = 0;
    for (int u = 0; u < steps; u++) {
      int vo = at(m, u, r, h);
      float weight = c.weights[row + u];
      float dot = 0;
      for (int i = 0; i < headSize; i++) {
        dot += c.dContext[qo + i] * c.v[vo + i];
        c.dv[vo + i] += weight * c.dContext[qo + i];
      }
      dWeights[u] = dot;
      mean += weight * dot;
    }
    for (int u = 0; u < steps; u++) {
      int ko = at(m, u, r, h);
      // The softmax's Jacobian, dScore_u = a_u·(dw_u − Σ_j a_j·dw_j), times the scores' 1/√d.
      float dScore = c.weights[row + u] * (dWeights[u] - mean) * scale;
      for (int i = 0; i < headSize; i++) {
        c.dq[qo + i] += dScore * c.k[ko + i];
        c.dk[ko + i] += dScore * c.q[qo + i];
      }
    }
  }
}
