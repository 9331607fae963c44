package io.robustatlas.ensemble;

import io.robustatlas.noise.NoiseKind;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.random.Seeds;

/**
 * The seeds of the ensemble stage, derived from their coordinates with {@link Seeds}. The members'
 * weight noise is not here: member k + 1 is weight-noise copy k of the robustness stage ({@code
 * NoiseSeeds.weightCopySeed}), so the two stages perturb a model the same way.
 */
final class EnsembleSeeds {
  private static final long TEST_NOISE_DOMAIN = Seeds.tag("ensemble-test-noise");
  private static final long LEARN_ORDER_DOMAIN = Seeds.tag("ensemble-learn-order");
  private static final long FOREST_DOMAIN = Seeds.tag("ensemble-forest");

  private EnsembleSeeds() {}

  /**
   * Seed of the noisy version of one test image under one input kind and level. It does not depend
   * on the model: every model and every member sees the same noisy test set, so comparisons are
   * paired.
   */
  static long testNoise(long runSeed, NoiseKind kind, double level, int sampleIndex) {
    return Seeds.derive(
        TEST_NOISE_DOMAIN,
        runSeed,
        Seeds.hash(kind.toString()),
        Double.doubleToLongBits(level + 0.0),
        sampleIndex);
  }

  /** Seed of the order from which the learned voters' training slice is taken. */
  static long learnOrder(long runSeed) {
    return Seeds.derive(LEARN_ORDER_DOMAIN, runSeed);
  }

  /** Seed of the random forest of one model's ensemble of {@code copies} copies. */
  static long forest(long runSeed, String modelId, int copies) {
    return Seeds.derive(FOREST_DOMAIN, runSeed, Seeds.hash(modelId), copies);
  }
}
