package io.robustatlas.meta.engine;

/**
 * PyTorch's {@code nn.GRU} (one layer, one direction; DL4J 1.0.0-M2 has no GRU): per step
 *
 * <pre>
 * r  = σ(x·W_r + b_r + h·RW_r + Rb_r)
 * z  = σ(x·W_z + b_z + h·RW_z + Rb_z)
 * n  = tanh(x·W_n + b_n + r ⊙ (h·RW_n + Rb_n))
 * h' = (1 − z) ⊙ n + z ⊙ h,   h_{−1} = 0.
 * </pre>
 *
 * Parameters {@code <name>_W} ({@code in × 3·width}, columns r | z | n: PyTorch's {@code
 * weight_ih} transposed), {@code <name>_RW} ({@code width × 3·width}, {@code weight_hh}
 * transposed), {@code <name>_b} ({@code bias_ih}) and {@code <name>_Rb} ({@code bias_hh}). Both
 * biases are kept because {@code Rb_n} sits inside {@code r ⊙ (...)} and so is not {@code b_n}'s
 * twin. The weights start as the project's seeded Xavier draws ({@link ParamInit}, like every
 * engine weight), not PyTorch's U(±1/√width); the biases start at 0.
 *
 * <p>Cost: the input projection of every step is one product, each step adds one {@code h·RW}
 * product (and one {@code dH·RWᵀ} going back), and {@code dW}, {@code dRW} and {@code dIn} are one
 * product each over all steps.
 */
final class GruLayer extends SequenceLayer {
  private final int in;
  private final int width;
  private final int w;
  private final int rw;
  private final int b;
  private final int rb;

  GruLayer(ParamLayout layout, String name, int in, int width) {
    this.in = in;
    this.width = width;
    this.w = layout.weight(name + "_W", in, 3 * width);
    this.rw = layout.weight(name + "_RW", width, 3 * width);
    this.b = layout.bias(name + "_b", 3 * width);
    this.rb = layout.bias(name + "_Rb", 3 * width);
  }

  /**
   * Per step t, {@code m × 3·width} blocks at {@code t·m·3·width}. Forward: {@code input} holds the
   * gates r | z | n (after their nonlinearity) and {@code hidden} holds {@code h_{t−1}·RW + Rb}
   * (its n part is needed for r's gradient). Backward overwrites them with the gradients of the
   * gates' pre-activations on the input side ({@code dr | dz | dn}) and on the hidden side ({@code
   * dr | dz | r ⊙ dn}).
   */
  private record Cache(float[] input, float[] hidden) {}

  @Override
  int width() {
    return width;
  }

  @Override
  Object newCache(int rows, int steps) {
    int size = steps * rows * 3 * width;
    return new Cache(new float[size], new float[size]);
  }

  @Override
  void forward(Pass pass, Object cache, float[] x, float[] h, int m) {
    Kernels k = pass.kernels();
    float[] p = pass.params();
    float[] gates = ((Cache) cache).input();
    float[] hidden = ((Cache) cache).hidden();
    int steps = pass.steps();
    int gateBlock = m * 3 * width;
    k.multiply(x, 0, in, p, w, gates, 0, steps * m, in, 3 * width, false);
    Rows.addBias(gates, 0, steps * m, 3 * width, p, b);
    for (int t = 0; t < steps; t++) {
      int at = t * gateBlock;
      if (t == 0) {
        java.util.Arrays.fill(hidden, at, at + gateBlock, 0f);
      } else {
        k.multiply(h, (t - 1) * m * width, width, p, rw, hidden, at, m, width, 3 * width, false);
      }
      Rows.addBias(hidden, at, m, 3 * width, p, rb);
      step(k, gates, hidden, at, h, t, m);
    }
  }

  /** Gates and new state of step t from its two projections; {@code h_{t−1}} is read from h. */
  private void step(Kernels k, float[] gates, float[] hidden, int at, float[] h, int t, int m) {
    int n = width;
    for (int row = 0; row < m; row++) {
      int g = at + row * 3 * n;
      for (int j = 0; j < 2 * n; j++) {
        gates[g + j] += hidden[g + j];
      }
      k.sigmoid(gates, g, 2 * n);
      for (int j = 0; j < n; j++) {
        gates[g + 2 * n + j] += gates[g + j] * hidden[g + 2 * n + j];
      }
      k.tanh(gates, g + 2 * n, n);
      int out = (t * m + row) * n;
      int previous = out - m * n;
      for (int j = 0; j < n; j++) {
        float z = gates[g + n + j];
        float candidate = gates[g + 2 * n + j];
        float before = t == 0 ? 0f : h[previous + j];
        h[out + j] = (1 - z) * candidate + z * before;
      }
    }
  }

  @Override
  void backward(Pass pass, Object cache, float[] x, float[] h, float[] dh, float[] dx, int m) {
    Kernels k = pass.kernels();
    float[] g = pass.grads();
    float[] pt = pass.transposed();
    float[] dInput = ((Cache) cache).input();
    float[] dHidden = ((Cache) cache).hidden();
    int steps = pass.steps();
    int block = m * width;
    int gateBlock = m * 3 * width;
    for (int t = steps - 1; t >= 0; t--) {
      // dh_t holds dL/dh_t (from above and from step t + 1); this adds step t's share to dh_{t−1}.
      stepBackward(dInput, dHidden, t * gateBlock, h, dh, t, m);
      if (t > 0) {
        k.multiply(dHidden, t * gateBlock, 3 * width, pt, rw, dh, (t - 1) * block, m, 3 * width,
            width, true);
      }
    }
    k.multiplyTransposed(x, 0, in, dInput, 0, g, w, steps * m, in, 3 * width);
    if (steps > 1) {
      k.multiplyTransposed(h, 0, width, dHidden, gateBlock, g, rw, (steps - 1) * m, width,
          3 * width);
    }
    Rows.sumInto(dInput, 0, steps * m, 3 * width, g, b);
    Rows.sumInto(dHidden, 0, steps * m, 3 * width, g, rb);
    k.multiply(dInput, 0, 3 * width, pt, w, dx, 0, steps * m, 3 * width, in, false);
  }

  /**
   * Turns step t's saved gates and hidden projection (at {@code at}) into the gradients of the
   * two pre-activations, and adds the direct part {@code dh_t ⊙ z} to {@code dh_{t−1}}.
   */
  private void stepBackward(
      float[] gates, float[] hidden, int at, float[] h, float[] dh, int t, int m) {
    int n = width;
    for (int row = 0; row < m; row++) {
      int g = at + row * 3 * n;
      int out = (t * m + row) * n;
      int previous = out - m * n;
      for (int j = 0; j < n; j++) {
        float r = gates[g + j];
        float z = gates[g + n + j];
        float candidate = gates[g + 2 * n + j];
        float before = t == 0 ? 0f : h[previous + j];
        float d = dh[out + j];
        float dn = d * (1 - z) * (1 - candidate * candidate);
        float dz = d * (before - candidate) * z * (1 - z);
        float dr = dn * hidden[g + 2 * n + j] * r * (1 - r);
        if (t > 0) {
          dh[previous + j] += d * z;
        }
        gates[g + j] = dr;
        gates[g + n + j] = dz;
        gates[g + 2 * n + j] = dn;
        hidden[g + j] = dr;
        hidden[g + n + j] = dz;
        hidden[g + 2 * n + j] = r * dn;
      }
    }
  }
}
