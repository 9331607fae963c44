package io.robustatlas.train;

import io.robustatlas.grid.TrainSpec;
import java.util.Arrays;

/**
 * The epoch loop every trainer shares: each epoch in the order {@link EpochOrder} draws, minibatches
 * of {@code batchSize} with the last partial batch kept (as PyTorch's {@code DataLoader}), stopping
 * at the first batch whose loss is NaN or infinite.
 */
final class Epochs {
  private Epochs() {}

  /** One minibatch step on images {@code order[start .. start + size − 1]}; returns its loss. */
  @FunctionalInterface
  interface BatchStep {
    double step(int[] order, int start, int size);
  }

  /**
   * What the loop saw.
   *
   * @param epochLoss mean minibatch loss of each epoch run (the last is NaN/∞ if it diverged)
   * @param diverged whether a batch's loss was NaN or infinite
   */
  record Losses(double[] epochLoss, boolean diverged) {}

  /** Runs {@code spec}'s epochs over {@code count} training images. */
  static Losses run(TrainSpec spec, int count, BatchStep step) {
    double[] epochLoss = new double[spec.epochs()];
    for (int epoch = 0; epoch < spec.epochs(); epoch++) {
      epochLoss[epoch] = epoch(spec, count, epoch, step);
      if (!Double.isFinite(epochLoss[epoch])) {
        return new Losses(Arrays.copyOf(epochLoss, epoch + 1), true);
      }
    }
    return new Losses(epochLoss, false);
  }

  /** One pass over the data; returns the mean minibatch loss, or the first non-finite loss. */
  private static double epoch(TrainSpec spec, int count, int epoch, BatchStep step) {
    int[] order = EpochOrder.of(spec.seed(), epoch, count);
    double lossSum = 0;
    int batches = 0;
    for (int start = 0; start < order.length; start += spec.batchSize()) {
      double loss = step.step(order, start, Math.min(spec.batchSize(), order.length - start));
      if (!Double.isFinite(loss)) {
        return loss;
      }
      lossSum += loss;
      batches++;
    }
    return lossSum / batches;
  }
}
