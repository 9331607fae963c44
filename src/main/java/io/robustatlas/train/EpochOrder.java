package io.robustatlas.train;

import io.robustatlas.data.Shuffle;
import io.robustatlas.random.Seeds;

/**
 * The order in which a model visits the training set in one epoch: a permutation drawn from a
 * stream seeded by hashing (model seed, epoch) under the tag {@code train-shuffle}, so every epoch
 * of every seed has its own stream, none of them an init stream ({@link
 * io.robustatlas.model.InitialWeights}), and a retried task trains on the same batches.
 */
public final class EpochOrder {
  private static final long DOMAIN = Seeds.tag("train-shuffle");

  private EpochOrder() {}

  /** The seed of epoch {@code epoch}'s shuffle for model seed {@code modelSeed}. */
  public static long seed(long modelSeed, int epoch) {
    return Seeds.derive(DOMAIN, modelSeed, epoch);
  }

  /** The indices 0..count-1 in the order of epoch {@code epoch}. */
  public static int[] of(long modelSeed, int epoch, int count) {
    return Shuffle.permutation(count, seed(modelSeed, epoch));
  }
}
