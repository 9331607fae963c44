package io.robustatlas.meta;

import java.util.Locale;

/** The three parts of a split: fit on train, stop early on validation, report on test. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
