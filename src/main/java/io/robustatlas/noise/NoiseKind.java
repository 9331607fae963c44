package io.robustatlas.noise;

import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The kinds of noise a prediction is probed with, each with the meaning and valid range of its
 * level. Three perturb the input image x (pixels in [0, 1]); {@link #WEIGHTS} perturbs the model.
 */
public enum NoiseKind {
  /** x + σ·ε, ε ~ N(0, I): level σ ≥ 0 (the original study's noise). */
  GAUSSIAN("σ", "≥ 0", level -> level >= 0),
  /** Salt and pepper: each pixel, with probability p, becomes 0 or 1 (equally likely). */
  IMPULSE("p", "between 0 and 1", level -> level >= 0 && level <= 1),
  /** Poisson(λ·x) / λ per pixel: λ photons at full brightness, fewer photons mean more noise. */
  SHOT("λ", "> 0", level -> level > 0),
  /** Per layer, W + N(0, (α·std W)²) and b + N(0, (α·std b)²): level α ≥ 0. */
  WEIGHTS("α", "≥ 0", level -> level >= 0);

  private final String symbol;
  private final String rangeText;
  private final DoublePredicate range;

  NoiseKind(String symbol, String rangeText, DoublePredicate range) {
    this.symbol = symbol;
    this.rangeText = rangeText;
    this.range = range;
  }

  /** Whether {@code level} is a valid level of this kind. */
  public boolean accepts(double level) {
    return range.test(level);
  }

  /** The valid levels in words, e.g. {@code "between 0 and 1 (impulse p)"}. */
  public String levelRule() {
    return rangeText + " (" + this + " " + symbol + ")";
  }

  /** Whether the noise is applied to the input image (all kinds but {@link #WEIGHTS}). */
  public boolean perturbsInput() {
    return this != WEIGHTS;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
