package io.robustatlas.meta;

/**
 * Tracks the validation loss over epochs: the best epoch is the one with the lowest finite loss
 * (the earliest on a tie), and training stops once {@code patience} epochs in a row brought no
 * lower loss. A NaN or infinite loss never counts as an improvement.
 */
final class EarlyStopping {
  private final int patience;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int bestEpoch;
  private int sinceBest;

  EarlyStopping(int patience) {
    this.patience = patience;
  }

  /** Records an epoch's validation loss; true if it is the best so far. */
  boolean observe(int epoch, double loss) {
    if (Double.isFinite(loss) && loss < bestLoss) {
      bestLoss = loss;
      bestEpoch = epoch;
      sinceBest = 0;
      return true;
    }
    sinceBest++;
    return false;
  }

  /** Whether {@code patience} epochs have passed without a new best. */
  boolean exhausted() {
    return sinceBest >= patience;
  }

  /** The best epoch (1-based), or 0 if no epoch had a finite loss. */
  int bestEpoch() {
    return bestEpoch;
  }
}
