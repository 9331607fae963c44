package io.robustatlas.meta;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;

import java.util.Locale;
import org.apache.spark.sql.Column;

/** What a meta-network predicts from a model's activations on one input. */
public enum MetaTask {
  /** The confidence ratio in [0, 1]: sigmoid output, mean squared error. */
  REGRESSION,
  /** Whether the model's prediction is correct: sigmoid output P(correct), cross-entropy. */
  CLASSIFICATION;

  /** Probabilities are kept this far from 0 and 1 in the cross-entropy, as DL4J's XENT does. */
  private static final double CLIP = 1e-7;

  /**
   * The per-example loss the networks minimise, as a Spark column: squared error, or binary
   * cross-entropy of P(correct).
   */
  public Column loss(Column prediction, Column target) {
    if (this == REGRESSION) {
      return pow(prediction.minus(target), 2);
    }
    return target.multiply(log(greatest(prediction, lit(CLIP))))
        .plus(lit(1).minus(target).multiply(log(greatest(lit(1).minus(prediction), lit(CLIP)))))
        .multiply(-1);
  }

  /** The column of the feature table this task predicts: {@code ratio} or {@code correct}. */
  public String target() {
    return this == REGRESSION ? "ratio" : "correct";
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
