package io.robustatlas.meta;

import java.util.Locale;

/** What a meta-network predicts from a model's activations on one input. */
public enum MetaTask {
  /** The confidence ratio in [0, 1]: sigmoid output, mean squared error. */
  REGRESSION,
  /** Whether the model's prediction is correct: sigmoid output P(correct), cross-entropy. */
  CLASSIFICATION;

  /** The column of the feature table this task predicts: {@code ratio} or {@code correct}. */
  public String target() {
    return this == REGRESSION ? "ratio" : "correct";
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
