package io.robustatlas.explain;

import io.robustatlas.noise.NoiseKind;
import io.robustatlas.random.Seeds;

/**
 * The seeds of the explain stage, hashed from their coordinates in a domain of their own, so its
 * noisy copies are never those of the robustness stage's pairs (which would tie the two stages'
 * sampling errors together).
 */
final class ExplainSeeds {
  private static final long ABLATION_DOMAIN = Seeds.tag("explain-ablation");

  private ExplainSeeds() {}

  /**
   * The root of one probed sample's noisy copies, shared by the full model and every ablated
   * variant of it (paired differences).
   */
  static long ablationSeed(
      long runSeed, String modelId, int sampleIndex, NoiseKind kind, double level) {
    return Seeds.derive(
        ABLATION_DOMAIN,
        runSeed,
        Seeds.hash(modelId),
        sampleIndex,
        Seeds.hash(kind.toString()),
        Double.doubleToLongBits(level + 0.0));
  }
}
