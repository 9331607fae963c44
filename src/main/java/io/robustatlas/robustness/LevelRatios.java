package io.robustatlas.robustness;

/**
 * The mean confidence ratio of the committed pairs at one noise kind and level, on the pairs the
 * model classifies correctly and on those it gets wrong (NaN when there are none): the stage's
 * one-line reading of whether the ratio separates the two at that level.
 */
public record LevelRatios(String noise, double level, double correct, double wrong) {
  @Override
  public String toString() {
    return String.format("%s %s: %.4f correct, %.4f wrong", noise, level, correct, wrong);
  }
}
