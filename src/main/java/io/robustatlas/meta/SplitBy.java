package io.robustatlas.meta;

import java.util.Locale;

/**
 * What the meta stage splits into train, validation and test. Splitting by model is the honest
 * protocol (no LeNet contributes pairs to two splits, so a meta-network cannot memorise a model);
 * splitting by pair reproduces the original study, for comparison.
 */
public enum SplitBy {
  /** Whole models are assigned to a split: a model's pairs all land in the same one. */
  MODEL,
  /** Each pair is assigned on its own: one model's pairs are spread over all three splits. */
  PAIR;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
