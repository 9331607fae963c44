package io.robustatlas.grid;

import java.io.Serializable;

/**
 * The architectural choices of one LeNet-5 variant; the layer shapes are always LeNet-5's, so the
 * recorded activation vectors keep their sizes and every model reads alike downstream.
 *
 * @param activation of every hidden layer
 * @param pooling of both pooling layers
 * @param dropout share of the inputs of fc1 and of fc2 dropped in training (inverted dropout:
 *     the kept ones scaled by 1 / (1 − dropout)); inference never drops. In [0, 1).
 */
public record Architecture(Activation activation, Pooling pooling, double dropout)
    implements Serializable {

  /** LeNet-5 as the study trained it: ReLU, max pooling, no dropout. */
  public static final Architecture LENET5 = new Architecture(Activation.RELU, Pooling.MAX, 0);

  public Architecture {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException(
          "Cannot use dropout " + dropout + ": must be at least 0 and below 1");
    }
    dropout = dropout == 0 ? 0 : dropout; // -0.0 is no dropout too, with the same id
  }

  /** Whether training drops anything. */
  public boolean drops() {
    return dropout > 0;
  }
}
