package io.robustatlas.meta;

import io.robustatlas.data.Shuffle;
import io.robustatlas.random.Seeds;

/**
 * The order in which an epoch of meta-network training visits the training split, drawn from
 * (network seed, epoch) over the examples numbered in pair order. Both trainers cut their
 * minibatches from it: the local trainer's step k fits positions [kB, (k+1)B), and the spark
 * trainer's W workers fit the W slices of B/W of the same positions, so a new order every epoch
 * gives both the same random minibatches.
 */
final class MinibatchOrder {
  /** Named when only the local trainer drew it; renaming it would change every fitted network. */
  private static final long DOMAIN = Seeds.tag("meta-local-order");

  private MinibatchOrder() {}

  /** The example at each position of the epoch. */
  static int[] order(int count, long seed, int epoch) {
    return Shuffle.permutation(count, Seeds.derive(DOMAIN, seed, epoch));
  }

  /** The position of each example in the epoch: the inverse of {@link #order}. */
  static int[] positions(int count, long seed, int epoch) {
    int[] order = order(count, seed, epoch);
    int[] positions = new int[count];
    for (int position = 0; position < count; position++) {
      positions[order[position]] = position;
    }
    return positions;
  }
}
