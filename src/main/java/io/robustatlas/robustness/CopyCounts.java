package io.robustatlas.robustness;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.model.LeNet5;

/**
 * Running flip counts and KL sums of the noisy copies of several samples, against each sample's
 * clean logits. KL terms are added in copy order, so a result depends only on the copies, never on
 * how they were batched.
 */
final class CopyCounts {
  private final float[] cleanLogits;
  private final int[][] flips;
  private final double[] klSums;

  /**
   * @param cleanLogits {@code samples × 10} clean logits, sample after sample
   */
  CopyCounts(int samples, float[] cleanLogits) {
    this.cleanLogits = cleanLogits;
    this.flips = new int[samples][LeNet5.CLASSES];
    this.klSums = new double[samples];
  }

  /** Counts one noisy copy of {@code sample}: row {@code row} of {@code logits}. */
  void add(int sample, float[] logits, int row) {
    flips[sample][BatchPredictor.argmax(logits, row, LeNet5.CLASSES)]++;
    klSums[sample] +=
        SoftmaxStats.klFromLogits(
            cleanLogits, sample * LeNet5.CLASSES, logits, row * LeNet5.CLASSES, LeNet5.CLASSES);
  }

  /** The statistics of {@code sample} after {@code copies} copies. */
  PairStats stats(int sample, int copies) {
    int cleanPrediction = BatchPredictor.argmax(cleanLogits, sample, LeNet5.CLASSES);
    return new PairStats(
        copies, flips[sample][cleanPrediction], klSums[sample] / copies, flips[sample]);
  }
}
