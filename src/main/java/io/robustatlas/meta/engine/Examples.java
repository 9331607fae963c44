package io.robustatlas.meta.engine;

/**
 * Meta-learning examples in memory: row i's standardised features at {@code features[i·width ..]}
 * and its target at {@code targets[i]}.
 */
public record Examples(float[] features, float[] targets, int width) {
  public Examples {
    if (width < 1 || features.length != (long) targets.length * width) {
      throw new IllegalArgumentException(
          features.length + " feature values for " + targets.length + " rows of width " + width);
    }
  }

  /** Number of rows. */
  public int count() {
    return targets.length;
  }
}
