package io.robustatlas.meta;

import java.util.Locale;

/** Predictors the meta-networks are compared with, fitted on the same split. */
public enum Baseline {
  /**
   * The max softmax probability: as the correctness score (classification), and through a
   * one-feature least-squares line as the ratio (regression).
   */
  MSP,
  /** Spark MLlib linear regression / logistic regression on the standardised features. */
  LINEAR,
  /** Spark MLlib gradient-boosted trees (regressor / classifier) on the standardised features. */
  GBT;

  /** The name of this baseline's rows in {@code metrics.parquet} for a task. */
  public String modelName(MetaTask task) {
    boolean regression = task == MetaTask.REGRESSION;
    return switch (this) {
      case MSP -> regression ? "msp-linear" : "msp";
      case LINEAR -> regression ? "linear" : "logistic";
      case GBT -> "gbt";
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
