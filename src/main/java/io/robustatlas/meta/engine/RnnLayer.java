package io.robustatlas.meta.engine;

/**
 * DL4J's {@code SimpleRnn}: {@code h_t = tanh(x_t·W + h_{t−1}·RW + b)}, {@code h_{−1} = 0}.
 * Parameters {@code <name>_W} (in × width), {@code <name>_RW} (width × width), {@code <name>_b}.
 * The input projection of every step is one product, and so are the weight gradients.
 */
final class RnnLayer extends SequenceLayer {
  private final int in;
  private final int width;
  private final int w;
  private final int rw;
  private final int b;

  RnnLayer(ParamLayout layout, String name, int in, int width) {
    this.in = in;
    this.width = width;
    this.w = layout.weight(name + "_W", in, width);
    this.rw = layout.weight(name + "_RW", width, width);
    this.b = layout.bias(name + "_b", width);
  }

  @Override
  int width() {
    return width;
  }

  @Override
  Object newCache(int rows, int steps) {
    return new float[rows * width];
  }

  @Override
  void forward(Pass pass, Object cache, float[] x, float[] h, int m) {
    Kernels k = pass.kernels();
    float[] p = pass.params();
    int steps = pass.steps();
    int block = m * width;
    k.multiply(x, 0, in, p, w, h, 0, steps * m, in, width, false);
    for (int t = 0; t < steps; t++) {
      Rows.addBias(h, t * block, m, width, p, b);
      if (t > 0) {
        k.multiply(h, (t - 1) * block, width, p, rw, h, t * block, m, width, width, true);
      }
      k.tanh(h, t * block, block);
    }
  }

  @Override
  void backward(Pass pass, Object cache, float[] x, float[] h, float[] dh, float[] dx, int m) {
    Kernels k = pass.kernels();
    float[] g = pass.grads();
    float[] pt = pass.transposed();
    int steps = pass.steps();
    int block = m * width;
    for (int t = steps - 1; t >= 0; t--) {
      int at = t * block;
      // dh_t now holds dL/dh_t (from above and from step t + 1): turn it into dL/dz_t.
      for (int i = 0; i < block; i++) {
        float y = h[at + i];
        dh[at + i] *= 1 - y * y;
      }
      if (t > 0) {
        k.multiply(dh, at, width, pt, rw, dh, at - block, m, width, width, true);
      }
    }
    k.multiplyTransposed(x, 0, in, dh, 0, g, w, steps * m, in, width);
    if (steps > 1) {
      k.multiplyTransposed(h, 0, width, dh, block, g, rw, (steps - 1) * m, width, width);
    }
    Rows.sumInto(dh, 0, steps * m, width, g, b);
    k.multiply(dh, 0, width, pt, w, dx, 0, steps * m, width, in, false);
  }
}
