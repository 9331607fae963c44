package io.robustatlas.grid;

import java.util.Locale;

/** The optimizers of the study's grid: plain SGD (no momentum) and Adam with default betas. */
public enum Optimizer {
  SGD,
  ADAM;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
