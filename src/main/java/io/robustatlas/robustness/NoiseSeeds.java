package io.robustatlas.robustness;

import io.robustatlas.random.Seeds;

/**
 * The seeds of the robustness stage, derived from their coordinates (run seed, model id, sample
 * index, σ, copy index) with {@link Seeds}, so a retried Spark task, a rerun or a different
 * partitioning draws exactly the same noise. A domain tag per seed family keeps pair, order and
 * copy seeds apart; within a family, two coordinates that differ never share a seed.
 *
 * <p>These values are part of the output contract: changing any constant here changes every noisy
 * copy, so {@code NoiseSeedsTest} pins golden values.
 */
public final class NoiseSeeds {
  private static final long PAIR_DOMAIN = 0x7061697253656564L; // "pairSeed"
  private static final long ORDER_DOMAIN = 0x6F72646572536565L; // "orderSee"
  private static final long COPY_DOMAIN = 0x636F707953656564L; // "copySeed"

  private NoiseSeeds() {}

  /**
   * Seed of one (model, test sample, σ) pair, the root of all its noisy copies.
   *
   * @param sigma noise level; {@code -0.0} and {@code 0.0} give the same seed
   */
  public static long pairSeed(long runSeed, String modelId, int sampleIndex, double sigma) {
    // +0.0 normalises -0.0: both mean "no noise" and must not split into two seeds.
    return Seeds.derive(
        PAIR_DOMAIN,
        runSeed,
        Seeds.hash(modelId),
        sampleIndex,
        Double.doubleToLongBits(sigma + 0.0));
  }

  /** Seed of the order in which one model walks the test set. */
  public static long sampleOrderSeed(long runSeed, String modelId) {
    return Seeds.derive(ORDER_DOMAIN, runSeed, Seeds.hash(modelId));
  }

  /** Seed of noisy copy {@code copyIndex} of a pair; {@link GaussianNoise} needs nothing else. */
  public static long copySeed(long pairSeed, int copyIndex) {
    if (copyIndex < 0) {
      throw new IllegalArgumentException(
          "Cannot use copy index " + copyIndex + ": must be zero or positive");
    }
    return Seeds.derive(COPY_DOMAIN, pairSeed, copyIndex);
  }
}
