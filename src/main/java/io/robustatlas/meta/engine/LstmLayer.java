package io.robustatlas.meta.engine;

import java.util.Arrays;

/**
 * DL4J's {@code LSTM} (1.0.0-M2's {@code LSTMHelpers}, no peepholes): per step {@code z_t = x_t·W
 * + h_{t−1}·RW + b}, whose 4·width columns are four blocks in DL4J's order — the cell input
 * {@code a = tanh(·)}, the forget gate {@code f}, the output gate {@code o} and the input gate
 * {@code i}, the three gates sigmoid — then {@code c_t = f ⊙ c_{t−1} + i ⊙ a} and {@code h_t = o ⊙
 * tanh(c_t)}, with {@code h_{−1} = c_{−1} = 0}. (DL4J's comments call the order IFOG, naming the
 * tanh block "input" and the sigmoid input gate "input modulation gate".) Parameters {@code
 * <name>_W} (in × 4·width), {@code <name>_RW} (width × 4·width) and {@code <name>_b} (1 × 4·width,
 * the forget block starting at 1 as DL4J's {@code forgetGateBiasInit}).
 *
 * <p>A row's four blocks sit side by side so that one product yields all of them: the input
 * projection of every step is one product over {@code T·m} rows, the recurrence one per step, and
 * the gradients of W, RW and the input one product each over all steps. The backward pass turns the
 * saved gate activations in place into the gradients of the pre-activations, which those products
 * then read.
 */
final class LstmLayer extends SequenceLayer {
  private final int in;
  private final int width;
  private final int gates;
  private final int w;
  private final int rw;
  private final int b;

  /**
   * One unit's saved forward pass: {@code gates} (steps × rows × 4·width, the activations, then
   * the pre-activation gradients), {@code cells} and {@code cellTanh} (steps × rows × width), and
   * {@code carry} (rows × width): {@code dL/dc_{t+1} ⊙ f_{t+1}} while going back through the steps.
   * A row's gates start at four times its offset in the cells.
   */
  private record Cache(float[] gates, float[] cells, float[] cellTanh, float[] carry) {}

  LstmLayer(ParamLayout layout, String name, int in, int width) {
    this.in = in;
    this.width = width;
    this.gates = 4 * width;
    this.w = layout.weight(name + "_W", in, gates);
    this.rw = layout.weight(name + "_RW", width, gates);
    this.b = layout.bias(name + "_b", gates);
  }

  @Override
  int width() {
    return width;
  }

  @Override
  Object newCache(int rows, int steps) {
    int block = rows * width;
    return new Cache(
        new float[steps * 4 * block], new float[steps * block], new float[steps * block],
        new float[block]);
  }

  @Override
  void initialiseBiases(float[] params) {
    Arrays.fill(params, b + width, b + 2 * width, 1f);
  }

  @Override
  void forward(Pass pass, Object cache, float[] x, float[] h, int m) {
    Cache saved = (Cache) cache;
    Kernels k = pass.kernels();
    float[] p = pass.params();
    float[] z = saved.gates;
    int steps = pass.steps();
    k.multiply(x, 0, in, p, w, z, 0, steps * m, in, gates, false);
    for (int t = 0; t < steps; t++) {
      int at = t * m * gates;
      Rows.addBias(z, at, m, gates, p, b);
      if (t > 0) {
        k.multiply(h, (t - 1) * m * width, width, p, rw, z, at, m, width, gates, true);
      }
      for (int r = 0; r < m; r++) {
        k.tanh(z, at + r * gates, width);
        k.sigmoid(z, at + r * gates + width, 3 * width);
      }
      updateCells(k, saved, h, t, m);
    }
  }

  /** {@code c_t = f ⊙ c_{t−1} + i ⊙ a} and {@code h_t = o ⊙ tanh(c_t)} from step t's gates. */
  private void updateCells(Kernels k, Cache saved, float[] h, int t, int m) {
    float[] z = saved.gates;
    float[] c = saved.cells;
    int block = m * width;
    int at = t * block;
    for (int row = at; row < at + block; row += width) {
      int a = 4 * row;
      for (int j = 0; j < width; j++) {
        float previous = t > 0 ? c[row + j - block] : 0f;
        c[row + j] = z[a + width + j] * previous + z[a + 3 * width + j] * z[a + j];
      }
    }
    System.arraycopy(c, at, saved.cellTanh, at, block);
    k.tanh(saved.cellTanh, at, block);
    for (int row = at; row < at + block; row += width) {
      int o = 4 * row + 2 * width;
      for (int j = 0; j < width; j++) {
        h[row + j] = z[o + j] * saved.cellTanh[row + j];
      }
    }
  }

  @Override
  void backward(Pass pass, Object cache, float[] x, float[] h, float[] dh, float[] dx, int m) {
    Cache saved = (Cache) cache;
    Kernels k = pass.kernels();
    float[] g = pass.grads();
    float[] pt = pass.transposed();
    float[] dz = saved.gates;
    int steps = pass.steps();
    Arrays.fill(saved.carry, 0, m * width, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      gateGradients(saved, dh, t, m);
      if (t > 0) {
        k.multiply(dz, t * m * gates, gates, pt, rw, dh, (t - 1) * m * width, m, gates, width, true);
      }
    }
    k.multiplyTransposed(x, 0, in, dz, 0, g, w, steps * m, in, gates);
    if (steps > 1) {
      k.multiplyTransposed(h, 0, width, dz, m * gates, g, rw, (steps - 1) * m, width, gates);
    }
    Rows.sumInto(dz, 0, steps * m, gates, g, b);
    k.multiply(dz, 0, gates, pt, w, dx, 0, steps * m, gates, in, false);
  }

  /**
   * Overwrites step t's gate activations with {@code dL/dz_t}, from {@code dL/dh_t} (in {@code dh})
   * and the carry {@code dL/dc_{t+1} ⊙ f_{t+1}}; leaves {@code dL/dc_t ⊙ f_t} in the carry.
   */
  private void gateGradients(Cache saved, float[] dh, int t, int m) {
    float[] z = saved.gates;
    float[] carry = saved.carry;
    int block = m * width;
    int at = t * block;
    for (int row = at; row < at + block; row += width) {
      int a = 4 * row;
      for (int j = 0; j < width; j++) {
        int cell = row + j;
        float cellInput = z[a + j];
        float forget = z[a + width + j];
        float output = z[a + 2 * width + j];
        float inputGate = z[a + 3 * width + j];
        float tanhC = saved.cellTanh[cell];
        float dc = carry[cell - at] + dh[cell] * output * (1 - tanhC * tanhC);
        float previous = t > 0 ? saved.cells[cell - block] : 0f;
        z[a + j] = dc * inputGate * (1 - cellInput * cellInput);
        z[a + width + j] = dc * previous * forget * (1 - forget);
        z[a + 2 * width + j] = dh[cell] * tanhC * output * (1 - output);
        z[a + 3 * width + j] = dc * cellInput * inputGate * (1 - inputGate);
        carry[cell - at] = dc * forget;
      }
    }
  }
}
