package io.robustatlas.meta.engine;

/**
 * The head's losses on sigmoid outputs p, with the gradient with respect to the pre-sigmoid z, per
 * row (summed, not averaged: the trainer divides by the minibatch). Squared error {@code (p − y)²}
 * with {@code dz = 2(p − y)·p(1 − p)} (DL4J's MSE for one output); cross-entropy {@code −(y log p +
 * (1 − y) log(1 − p))}, p kept 1e-7 from 0 and 1 in the logarithms as the stage's loss column does,
 * with {@code dz = p − y} (PyTorch's BCE-with-logits gradient; DL4J's equals it where p is not
 * clipped).
 */
final class Losses {
  private static final double CLIP = 1e-7;

  private Losses() {}

  /** Fills {@code dz[0, m)} and returns the summed loss of the rows. */
  static double backward(NetSpec.Loss loss, float[] p, float[] y, float[] dz, int m) {
    double sum = 0;
    for (int r = 0; r < m; r++) {
      float pr = p[r];
      float yr = y[r];
      if (loss == NetSpec.Loss.MSE) {
        float error = pr - yr;
        sum += (double) error * error;
        dz[r] = 2 * error * pr * (1 - pr);
      } else {
        sum += value(loss, pr, yr);
        dz[r] = pr - yr;
      }
    }
    return sum;
  }

  /** One row's loss. */
  static double value(NetSpec.Loss loss, double p, double y) {
    if (loss == NetSpec.Loss.MSE) {
      return (p - y) * (p - y);
    }
    return -(y * Math.log(Math.max(p, CLIP)) + (1 - y) * Math.log(Math.max(1 - p, CLIP)));
  }
}
