package io.robustatlas.report;

import java.util.Comparator;
import java.util.Map;

/**
 * A noise kind and level of the pairs table, with the words the page uses for it: the symbol of
 * its level and what the level measures, for axis titles.
 */
record NoiseLevel(String noise, double level) implements Comparable<NoiseLevel> {
  private static final Map<String, String[]> KINDS =
      Map.of(
          "gaussian", new String[] {"σ", "σ (std of the added Gaussian noise; pixels in [0, 1])"},
          "impulse", new String[] {"p", "p (share of pixels set to 0 or 1)"},
          "shot", new String[] {"λ", "λ (photons at full brightness; larger = less noise)"},
          "weights", new String[] {"α", "α (weight noise std / the layer's own std)"});

  private static final Comparator<NoiseLevel> ORDER =
      Comparator.comparing(NoiseLevel::noise).thenComparingDouble(NoiseLevel::level);

  /** The level's symbol: σ, p, λ or α ("level" for a kind this version does not know). */
  static String symbol(String noise) {
    return KINDS.containsKey(noise) ? KINDS.get(noise)[0] : "level";
  }

  /** An axis title for the levels of {@code noise}, with what they measure. */
  static String axisTitle(String noise) {
    return KINDS.containsKey(noise) ? KINDS.get(noise)[1] : "noise level";
  }

  @Override
  public String toString() {
    return noise + " " + symbol(noise) + " " + Formats.plain(level);
  }

  @Override
  public int compareTo(NoiseLevel other) {
    return ORDER.compare(this, other);
  }
}
