package io.robustatlas.meta.engine;

/**
 * PyTorch's Adam ({@code torch.optim.Adam}, defaults β1 0.9, β2 0.999, ε 1e-8, no weight decay) in
 * float32 as PyTorch computes it: {@code m = β1·m + (1 − β1)·g}, {@code v = β2·v + (1 − β2)·g²},
 * {@code p −= lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)}. DL4J's Adam adds ε to √v before the
 * bias correction instead, which differs where √v is near ε. Elementwise, so any split of the
 * vector over threads gives the same bits.
 */
final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  /** PyTorch's default ε. */
  static final double EPSILON = 1e-8;

  private final double learningRate;
  private final float epsilon;
  private final float[] m;
  private final float[] v;
  private int step;
  private float stepSize;
  private float correction2Sqrt;

  Adam(double learningRate, double epsilon, int size) {
    this.learningRate = learningRate;
    this.epsilon = (float) epsilon;
    this.m = new float[size];
    this.v = new float[size];
  }

  /** Starts step t + 1: its bias corrections. */
  void begin() {
    step++;
    stepSize = (float) (learningRate / (1 - Math.pow(BETA1, step)));
    correction2Sqrt = (float) Math.sqrt(1 - Math.pow(BETA2, step));
  }

  /** Steps taken. */
  int steps() {
    return step;
  }

  /** Updates {@code params[from, to)} with the gradient {@code g}. */
  void apply(float[] g, float[] params, int from, int to) {
    float b1 = (float) BETA1;
    float b2 = (float) BETA2;
    float c1 = (float) (1 - BETA1);
    float c2 = (float) (1 - BETA2);
    for (int k = from; k < to; k++) {
      float gk = g[k];
      float mk = m[k] * b1 + gk * c1;
      float vk = v[k] * b2 + gk * gk * c2;
      m[k] = mk;
      v[k] = vk;
      params[k] -= stepSize * (mk / ((float) Math.sqrt(vk) / correction2Sqrt + epsilon));
    }
  }
}
