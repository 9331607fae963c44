package io.robustatlas.meta.engine;

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
 * {@code steps·m} rows; the attention between them is {@link DotProductAttention}'s.
 */
final class AttentionLayer extends SequenceLayer {
  private final int in;
  private final int width;
  private final int inner;
  private final DotProductAttention attention;
  private final int wq;
  private final int wk;
  private final int wv;
  private final int wo;

  AttentionLayer(ParamLayout layout, String name, int in, int width, int heads) {
    this.in = in;
    this.width = width;
    int headSize = width / heads;
    this.inner = heads * headSize;
    this.attention = new DotProductAttention(heads, headSize);
    this.wq = layout.weight(name + "_Wq", in, inner);
    this.wk = layout.weight(name + "_Wk", in, inner);
    this.wv = layout.weight(name + "_Wv", in, inner);
    this.wo = layout.weight(name + "_Wo", inner, width);
  }

  @Override
  int width() {
    return width;
  }

  /** The attention's buffers: this layer keeps nothing else. */
  @Override
  Object newCache(int rows, int steps) {
    return attention.newCache(rows, steps);
  }

  @Override
  void forward(Pass pass, Object cache, float[] x, float[] out, int m) {
    DotProductAttention.Cache c = (DotProductAttention.Cache) cache;
    Kernels kernels = pass.kernels();
    float[] p = pass.params();
    int steps = pass.steps();
    int rows = steps * m;
    kernels.multiply(x, 0, in, p, wq, c.q, 0, rows, in, inner, false);
    kernels.multiply(x, 0, in, p, wk, c.k, 0, rows, in, inner, false);
    kernels.multiply(x, 0, in, p, wv, c.v, 0, rows, in, inner, false);
    attention.forward(kernels, c, m, steps);
    kernels.multiply(c.context, 0, inner, p, wo, out, 0, rows, inner, width, false);
  }

  @Override
  void backward(Pass pass, Object cache, float[] x, float[] out, float[] dOut, float[] dx, int m) {
    DotProductAttention.Cache c = (DotProductAttention.Cache) cache;
    Kernels kernels = pass.kernels();
    float[] g = pass.grads();
    float[] pt = pass.transposed();
    int steps = pass.steps();
    int rows = steps * m;
    kernels.multiplyTransposed(c.context, 0, inner, dOut, 0, g, wo, rows, inner, width);
    kernels.multiply(dOut, 0, width, pt, wo, c.dContext, 0, rows, width, inner, false);
    attention.backward(c, m, steps);
    kernels.multiplyTransposed(x, 0, in, c.dq, 0, g, wq, rows, in, inner);
    kernels.multiplyTransposed(x, 0, in, c.dk, 0, g, wk, rows, in, inner);
    kernels.multiplyTransposed(x, 0, in, c.dv, 0, g, wv, rows, in, inner);
    kernels.multiply(c.dq, 0, inner, pt, wq, dx, 0, rows, inner, in, false);
    kernels.multiply(c.dk, 0, inner, pt, wk, dx, 0, rows, inner, in, true);
    kernels.multiply(c.dv, 0, inner, pt, wv, dx, 0, rows, inner, in, true);
  }
}
