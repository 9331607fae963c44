package io.robustatlas.meta;

import java.util.Locale;

/** Where a meta-network is fitted; scoring runs on the executors either way. */
public enum TrainerKind {
  /**
   * The engine when the training split fits one executor ({@link #ENGINE}), else dl4j-spark's
   * data-parallel trainer ({@link #SPARK}) for the bodies DL4J expresses.
   */
  AUTO,
  /**
   * The meta engine ({@code meta.engine}): the training split is held in one JVM and each network
   * of the grid is fitted by one Spark task, networks in parallel over the executors.
   */
  ENGINE,
  /**
   * dl4j-spark's parameter averaging: each executor task takes a gradient step on its share of a
   * minibatch, and the driver averages the copies and takes the optimiser's step on the mean.
   */
  SPARK,
  /** One network fitted on the driver: the training split is brought to the driver (small data). */
  LOCAL;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
