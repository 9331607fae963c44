package io.robustatlas.noise;

import io.robustatlas.random.Seeds;

/**
 * The seeds of the robustness stage, derived from their coordinates (run seed, model id, sample
 * index, noise kind, level, copy index) with {@link Seeds}, so a retried Spark task, a rerun or a
 * different partitioning draws exactly the same noise. A domain tag per seed family keeps pair,
 * order and copy seeds apart, and each input noise kind has its own pair domain; within a family,
 * two coordinates that differ never share a seed. The Gaussian pair domain is the one of the
 * versions before noise kinds existed, so Gaussian copies are the same as theirs.
 *
 * <p>These values are part of the output contract: changing any constant here changes every noisy
 * copy, so {@code NoiseSeedsTest} pins golden values.
 */
public final class NoiseSeeds {
  private static final long PAIR_DOMAIN = 0x7061697253656564L; // "pairSeed"
  private static final long ORDER_DOMAIN = 0x6F72646572536565L; // "orderSee"
  private static final long COPY_DOMAIN = 0x636F707953656564L; // "copySeed"
  private static final long IMPULSE_PAIR_DOMAIN = Seeds.tag("impulse-pair");
  private static final long SHOT_PAIR_DOMAIN = Seeds.tag("shot-pair");
  private static final long WEIGHT_COPY_DOMAIN = Seeds.tag("weight-copy");

  private NoiseSeeds() {}

  /**
   * Seed of one (model, test sample, kind, level) pair of an input noise kind, the root of all its
   * noisy copies.
   *
   * @param level noise level; {@code -0.0} and {@code 0.0} give the same seed
   * @throws IllegalArgumentException for {@link NoiseKind#WEIGHTS}, whose copies belong to the
   *     model, not to a pair ({@link #weightCopySeed})
   */
  public static long pairSeed(
      NoiseKind kind, long runSeed, String modelId, int sampleIndex, double level) {
    long domain =
        switch (kind) {
          case GAUSSIAN -> PAIR_DOMAIN;
          case IMPULSE -> IMPULSE_PAIR_DOMAIN;
          case SHOT -> SHOT_PAIR_DOMAIN;
          case WEIGHTS -> throw new IllegalArgumentException(
              "Weight noise has no pair seed: its copies are seeded per model (weightCopySeed)");
        };
    return Seeds.derive(domain, runSeed, Seeds.hash(modelId), sampleIndex, levelBits(level));
  }

  /**
   * Seed of perturbed copy {@code copyIndex} of a model under weight noise α: the same network
   * for every sample the model is probed on, so the ratios of its samples are comparable.
   */
  public static long weightCopySeed(long runSeed, String modelId, double alpha, int copyIndex) {
    checkCopyIndex(copyIndex);
    return Seeds.derive(
        WEIGHT_COPY_DOMAIN, runSeed, Seeds.hash(modelId), levelBits(alpha), copyIndex);
  }

  /** +0.0 normalises -0.0: both mean "no noise" and must not split into two seeds. */
  private static long levelBits(double level) {
    return Double.doubleToLongBits(level + 0.0);
  }

  /** Seed of the order in which one model walks the test set. */
  public static long sampleOrderSeed(long runSeed, String modelId) {
    return Seeds.derive(ORDER_DOMAIN, runSeed, Seeds.hash(modelId));
  }

  /** Seed of noisy copy {@code copyIndex} of a pair: all an input noise generator needs. */
  public static long copySeed(long pairSeed, int copyIndex) {
    checkCopyIndex(copyIndex);
    return Seeds.derive(COPY_DOMAIN, pairSeed, copyIndex);
  }

  private static void checkCopyIndex(int copyIndex) {
    if (copyIndex < 0) {
      throw new IllegalArgumentException(
          "Cannot use copy index " + copyIndex + ": must be zero or positive");
    }
  }
}
