package io.robustatlas.engine;

import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;

/**
 * PyTorch's update rules over the flat parameter vector, in float32 as PyTorch computes them: the
 * units' gradients summed in unit order, then {@code weight_decay} ({@code g + l2·p}, every
 * parameter), then SGD ({@code p − lr·g}) or Adam (β1 0.9, β2 0.999, ε 1e-8 added after the
 * bias-corrected √v). Elementwise, so any split of the vector over threads gives the same bits.
 *
 * <p>Adam's moments are flushed to zero below the smallest normal float: a parameter whose
 * gradient is zero (a dead unit) otherwise decays its second moment through subnormal floats,
 * which the CPU computes in microcode, about a hundred times slower. A moment that small changes a
 * step by nothing a float parameter can hold (the step is {@code lr · m / (√v + ε)} with ε far
 * above √1.2e-38).
 */
final class UpdateRule {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final float EPSILON = 1e-8f;

  private final boolean adam;
  private final double learningRate;
  private final float decay;
  private final float[] m;
  private final float[] v;
  private int t;
  private float stepSize;
  private float correction2Sqrt;

  UpdateRule(TrainSpec spec, int size) {
    this.adam = spec.optimizer() == Optimizer.ADAM;
    this.learningRate = spec.learningRate();
    this.decay = (float) spec.l2();
    this.m = adam ? new float[size] : null;
    this.v = adam ? new float[size] : null;
  }

  /** Starts a step: Adam's bias corrections for step t + 1. */
  void begin() {
    t++;
    stepSize = (float) (learningRate / (1 - Math.pow(BETA1, t)));
    correction2Sqrt = (float) Math.sqrt(1 - Math.pow(BETA2, t));
  }

  /**
   * Updates parameters {@code from .. to − 1} with the sum of the first {@code units} partial
   * gradients (summed into the first).
   */
  void apply(float[][] partials, int units, float[] params, int from, int to) {
    float lr = (float) learningRate;
    float b1 = (float) BETA1;
    float b2 = (float) BETA2;
    float c1 = (float) (1 - BETA1);
    float c2 = (float) (1 - BETA2);
    // Simple loops over arrays, which C2 compiles to SIMD code; the sum is still in unit order.
    float[] g = partials[0];
    for (int u = 1; u < units; u++) {
      float[] partial = partials[u];
      for (int k = from; k < to; k++) {
        g[k] += partial[k];
      }
    }
    if (!adam) {
      for (int k = from; k < to; k++) {
        params[k] -= lr * (g[k] + decay * params[k]);
      }
      return;
    }
    for (int k = from; k < to; k++) {
      float gk = g[k] + decay * params[k];
      float mk = flush(m[k] * b1 + gk * c1);
      float vk = flush(v[k] * b2 + gk * gk * c2);
      m[k] = mk;
      v[k] = vk;
      params[k] -= stepSize * (mk / ((float) Math.sqrt(vk) / correction2Sqrt + EPSILON));
    }
  }

  private static float flush(float value) {
    return Math.abs(value) < Float.MIN_NORMAL ? 0f : value;
  }
}
