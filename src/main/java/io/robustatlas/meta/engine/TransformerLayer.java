package io.robustatlas.meta.engine;

import java.util.Arrays;

/**
 * PyTorch's {@code nn.TransformerEncoderLayer(d_model = embed, nhead = heads, dim_feedforward = ff,
 * dropout = 0, activation = relu, norm_first = False)} over the steps of each row (self-attention
 * across the steps; rows are independent): {@code a = MHA(x)}, {@code x1 = LN1(x + a)}, {@code out
 * = LN2(x1 + relu(x1·W1 + b1)·W2 + b2)}. The attention projects {@code q = x·Wq + bq}, {@code k},
 * {@code v} alike, splits the embedding into {@code heads} contiguous blocks of {@code embed /
 * heads}, takes per head {@code softmax(q·kᵀ / √(embed / heads))} over the keys, mixes the values
 * and projects the heads' concatenation by {@code Wo, bo}. LayerNorm is PyTorch's: biased variance,
 * ε 1e-5, a gain and a bias per feature.
 *
 * <p>Parameters {@code <name>_<key>}, weights row-major {@code in × out}: {@code Wq, Wk, Wv, Wo}
 * ({@code embed × embed}) with biases {@code bq, bk, bv, bo}, {@code ln1_gamma, ln1_beta}, {@code
 * W1} ({@code embed × ff}), {@code b1}, {@code W2} ({@code ff × embed}), {@code b2}, {@code
 * ln2_gamma, ln2_beta}. They start as the project's seeded initialisation, not PyTorch's: every
 * weight a Xavier-uniform draw of {@link ParamInit} over its own matrix, every bias 0 and the
 * LayerNorm gains 1 (PyTorch draws the three input projections as one {@code 3·embed × embed}
 * Xavier matrix, the output projection and the feed-forward weights Kaiming-uniform, and the
 * feed-forward biases U(±1/√fan_in)). The key bias's gradient is identically 0 (the softmax ignores
 * the {@code q·bk} added to all of a query's scores); like PyTorch, the layer still sums it from
 * {@code dk}, so it holds float rounding.
 *
 * <p>The projections and the feed-forward sublayer, forward and their weight gradients, are matrix
 * products over all {@code T·m} rows of a unit; the {@code T × T} attention of each row and head (T
 * is the number of inputs, 4 or 5) is {@link DotProductAttention}'s.
 */
final class TransformerLayer extends SequenceLayer {
  /** PyTorch's {@code layer_norm_eps}. */
  private static final float LN_EPSILON = 1e-5f;

  private final int embed;
  private final int ff;
  private final DotProductAttention attention;
  private final int wq;
  private final int bq;
  private final int wk;
  private final int bk;
  private final int wv;
  private final int bv;
  private final int wo;
  private final int bo;
  private final int gamma1;
  private final int beta1;
  private final int w1;
  private final int b1;
  private final int w2;
  private final int b2;
  private final int gamma2;
  private final int beta2;

  TransformerLayer(ParamLayout layout, String name, int embed, int heads, int ff) {
    if (embed % heads != 0) {
      throw new IllegalArgumentException(heads + " heads do not divide embed " + embed);
    }
    this.embed = embed;
    this.ff = ff;
    this.attention = new DotProductAttention(heads, embed / heads);
    String p = name + "_";
    this.wq = layout.weight(p + "Wq", embed, embed);
    this.bq = layout.bias(p + "bq", embed);
    this.wk = layout.weight(p + "Wk", embed, embed);
    this.bk = layout.bias(p + "bk", embed);
    this.wv = layout.weight(p + "Wv", embed, embed);
    this.bv = layout.bias(p + "bv", embed);
    this.wo = layout.weight(p + "Wo", embed, embed);
    this.bo = layout.bias(p + "bo", embed);
    this.gamma1 = layout.bias(p + "ln1_gamma", embed);
    this.beta1 = layout.bias(p + "ln1_beta", embed);
    this.w1 = layout.weight(p + "W1", embed, ff);
    this.b1 = layout.bias(p + "b1", ff);
    this.w2 = layout.weight(p + "W2", ff, embed);
    this.b2 = layout.bias(p + "b2", embed);
    this.gamma2 = layout.bias(p + "ln2_gamma", embed);
    this.beta2 = layout.bias(p + "ln2_beta", embed);
  }

  /** What the backward pass needs of the forward one, and the backward pass's scratch. */
  private static final class Cache {
    /** The projections, the heads' weights and mixed values, and their gradients. */
    final DotProductAttention.Cache attention;
    /** {@code x1 = LN1(x + a)}. */
    final float[] mid;
    final float[] midHat;
    final float[] midRstd;
    /** {@code relu(x1·W1 + b1)}. */
    final float[] hidden;
    final float[] outHat;
    final float[] outRstd;
    final float[] dMid;
    final float[] dHidden;

    Cache(DotProductAttention.Cache attention, int rows, int steps, int embed, int ff) {
      int n = rows * steps;
      this.attention = attention;
      mid = new float[n * embed];
      midHat = new float[n * embed];
      midRstd = new float[n];
      hidden = new float[n * ff];
      outHat = new float[n * embed];
      outRstd = new float[n];
      dMid = new float[n * embed];
      dHidden = new float[n * ff];
    }
  }

  @Override
  int width() {
    return embed;
  }

  @Override
  Object newCache(int rows, int steps) {
    return new Cache(attention.newCache(rows, steps), rows, steps, embed, ff);
  }

  @Override
  void initialiseBiases(float[] params) {
    Arrays.fill(params, gamma1, gamma1 + embed, 1f);
    Arrays.fill(params, gamma2, gamma2 + embed, 1f);
  }

  @Override
  void forward(Pass pass, Object cache, float[] x, float[] out, int m) {
    Cache c = (Cache) cache;
    DotProductAttention.Cache a = c.attention;
    Kernels k = pass.kernels();
    float[] p = pass.params();
    int steps = pass.steps();
    int n = steps * m;
    linear(k, p, x, embed, wq, bq, a.q, n, embed);
    linear(k, p, x, embed, wk, bk, a.k, n, embed);
    linear(k, p, x, embed, wv, bv, a.v, n, embed);
    attention.forward(k, a, m, steps);
    linear(k, p, a.context, embed, wo, bo, c.mid, n, embed);
    add(c.mid, x, n * embed);
    layerNorm(c.mid, n, p, gamma1, beta1, c.midHat, c.midRstd);
    linear(k, p, c.mid, embed, w1, b1, c.hidden, n, ff);
    Rows.relu(c.hidden, 0, n * ff);
    linear(k, p, c.hidden, ff, w2, b2, out, n, embed);
    add(out, c.mid, n * embed);
    layerNorm(out, n, p, gamma2, beta2, c.outHat, c.outRstd);
  }

  @Override
  void backward(Pass pass, Object cache, float[] x, float[] out, float[] dOut, float[] dIn, int m) {
    Cache c = (Cache) cache;
    DotProductAttention.Cache a = c.attention;
    Kernels k = pass.kernels();
    float[] p = pass.params();
    float[] g = pass.grads();
    float[] pt = pass.transposed();
    int steps = pass.steps();
    int n = steps * m;
    // dOut becomes dL/d(x1 + f): the feed-forward's output gradient and part of x1's.
    layerNormBackward(dOut, n, p, g, gamma2, beta2, c.outHat, c.outRstd);
    linearBackward(k, g, pt, c.hidden, ff, w2, b2, dOut, n, embed, c.dHidden, false);
    Rows.reluBackward(c.hidden, 0, c.dHidden, 0, n * ff);
    linearBackward(k, g, pt, c.mid, embed, w1, b1, c.dHidden, n, ff, c.dMid, false);
    add(c.dMid, dOut, n * embed);
    // dMid becomes dL/d(x + a): the attention's output gradient and part of x's.
    layerNormBackward(c.dMid, n, p, g, gamma1, beta1, c.midHat, c.midRstd);
    linearBackward(k, g, pt, a.context, embed, wo, bo, c.dMid, n, embed, a.dContext, false);
    attention.backward(a, m, steps);
    linearBackward(k, g, pt, x, embed, wq, bq, a.dq, n, embed, dIn, false);
    linearBackward(k, g, pt, x, embed, wk, bk, a.dk, n, embed, dIn, true);
    linearBackward(k, g, pt, x, embed, wv, bv, a.dv, n, embed, dIn, true);
    add(dIn, c.dMid, n * embed);
  }

  /** {@code y = in·W + b} over {@code n} rows. */
  private static void linear(
      Kernels k, float[] p, float[] in, int inWidth, int w, int b, float[] y, int n, int outWidth) {
    k.multiply(in, 0, inWidth, p, w, y, 0, n, inWidth, outWidth, false);
    Rows.addBias(y, 0, n, outWidth, p, b);
  }

  /**
   * Adds {@code inᵀ·dY} to W's gradient and the column sums of {@code dY} to b's, and sets (or,
   * with {@code accumulate}, adds to) {@code dIn = dY·Wᵀ}.
   */
  private static void linearBackward(
      Kernels k, float[] g, float[] pt, float[] in, int inWidth, int w, int b, float[] dY, int n,
      int outWidth, float[] dIn, boolean accumulate) {
    k.multiplyTransposed(in, 0, inWidth, dY, 0, g, w, n, inWidth, outWidth);
    Rows.sumInto(dY, 0, n, outWidth, g, b);
    k.multiply(dY, 0, outWidth, pt, w, dIn, 0, n, outWidth, inWidth, accumulate);
  }

  /** {@code into[i] += from[i]} for {@code i < length}. */
  private static void add(float[] into, float[] from, int length) {
    for (int i = 0; i < length; i++) {
      into[i] += from[i];
    }
  }

  /**
   * PyTorch's LayerNorm over each of {@code n} rows, in place: {@code y = γ·ŷ + β} with {@code ŷ =
   * (y − μ)·ρ}, {@code ρ = 1/√(σ² + ε)} (biased σ²); keeps ŷ and ρ.
   */
  private void layerNorm(
      float[] y, int n, float[] p, int gamma, int beta, float[] hat, float[] rstd) {
    for (int r = 0; r < n; r++) {
      int row = r * embed;
      float mean = 0;
      for (int j = 0; j < embed; j++) {
        mean += y[row + j];
      }
      mean /= embed;
      float variance = 0;
      for (int j = 0; j < embed; j++) {
        float d = y[row + j] - mean;
        variance += d * d;
      }
      float rho = (float) (1 / Math.sqrt(variance / embed + LN_EPSILON));
      rstd[r] = rho;
      for (int j = 0; j < embed; j++) {
        float normalised = (y[row + j] - mean) * rho;
        hat[row + j] = normalised;
        y[row + j] = p[gamma + j] * normalised + p[beta + j];
      }
    }
  }

  /**
   * Adds γ's and β's gradients and turns {@code dy} from the LayerNorm's output gradient into its
   * input's, in place: {@code ρ·(γ·dy − mean(γ·dy) − ŷ·mean(γ·dy·ŷ))}.
   */
  private void layerNormBackward(
      float[] dy, int n, float[] p, float[] g, int gamma, int beta, float[] hat, float[] rstd) {
    for (int r = 0; r < n; r++) {
      int row = r * embed;
      float sum = 0;
      float sumHat = 0;
      for (int j = 0; j < embed; j++) {
        float d = dy[row + j];
        float normalised = hat[row + j];
        g[gamma + j] += d * normalised;
        g[beta + j] += d;
        float scaled = d * p[gamma + j];
        dy[row + j] = scaled;
        sum += scaled;
        sumHat += scaled * normalised;
      }
      float mean = sum / embed;
      float meanHat = sumHat / embed;
      for (int j = 0; j < embed; j++) {
        dy[row + j] = rstd[r] * (dy[row + j] - mean - hat[row + j] * meanHat);
      }
    }
  }
}
