package io.robustatlas.config;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of the whole run.
 *
 * @param seed the run seed: every random draw (grid sampling, sample order, noise) derives from it
 */
public record RunConfig(long seed) implements Serializable {
  public static final String SEED = "run.seed";
  public static final long SEED_DEFAULT = 0L;

  static final List<String> KEYS = List.of(SEED);

  static RunConfig read(ConfigReader reader) {
    return new RunConfig(reader.longValue(SEED, SEED_DEFAULT, v -> true, ""));
  }
}
