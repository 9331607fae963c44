package io.robustatlas.config;

import io.robustatlas.explain.RootPoint;
import io.robustatlas.noise.NoiseKind;
import java.io.Serializable;
import java.util.List;

/**
 * Settings of the {@code explain} stage: kernel spectra, channel ablation with the greedy channel
 * selection, and relevance maps of the probed pairs.
 *
 * @param copies noisy copies per probed sample and ablated variant, for the ratio changes (fewer
 *     than the robustness stage's: 23 variants of each model are measured)
 * @param noise the input noise of those copies
 * @param level its level (σ, p or λ)
 * @param maeFraction the greedy selection stops when the approximate model's mean absolute logit
 *     error is below this share of the full logits' mean absolute value
 * @param root the Taylor map's root point
 * @param blurSigma the blur root's Gaussian standard deviation, in pixels
 * @param inDefaultRun run the stage when {@code submit.sh} is given no stage list
 */
public record ExplainConfig(
    int copies,
    NoiseKind noise,
    double level,
    double maeFraction,
    RootPoint root,
    double blurSigma,
    boolean inDefaultRun)
    implements Serializable {
  public static final String COPIES = "explain.copies";
  public static final int COPIES_DEFAULT = 10;
  public static final String NOISE = "explain.noise";
  public static final NoiseKind NOISE_DEFAULT = NoiseKind.GAUSSIAN;
  public static final String LEVEL = "explain.level";
  public static final double LEVEL_DEFAULT = 0.9;
  public static final String MAE_FRACTION = "explain.mae-fraction";
  public static final double MAE_FRACTION_DEFAULT = 0.3;
  public static final String ROOT = "explain.root";
  public static final RootPoint ROOT_DEFAULT = RootPoint.ZERO;
  public static final String BLUR_SIGMA = "explain.blur-sigma";
  public static final double BLUR_SIGMA_DEFAULT = 2.0;
  public static final String IN_DEFAULT_RUN = "explain.in-default-run";
  public static final boolean IN_DEFAULT_RUN_DEFAULT = false;

  static final List<String> KEYS =
      List.of(COPIES, NOISE, LEVEL, MAE_FRACTION, ROOT, BLUR_SIGMA, IN_DEFAULT_RUN);

  /** The settings that change results: not whether the default run includes the stage. */
  public String canonical() {
    return "ExplainConfig[copies=" + copies + ", noise=" + noise + ", level=" + level
        + ", maeFraction=" + maeFraction + ", root=" + root + ", blurSigma=" + blurSigma + "]";
  }

  static ExplainConfig read(ConfigReader reader) {
    NoiseKind noise =
        reader.enumValue(NOISE, NOISE_DEFAULT, NoiseKind.class, NoiseKind::perturbsInput,
            "one of gaussian, impulse, shot (an input noise: the ablated model's copies)");
    return new ExplainConfig(
        reader.intValue(COPIES, COPIES_DEFAULT, v -> v >= 1 && v <= 1000, "between 1 and 1000"),
        noise,
        reader.doubleValue(LEVEL, LEVEL_DEFAULT, noise::accepts, noise.levelRule()),
        reader.doubleValue(
            MAE_FRACTION, MAE_FRACTION_DEFAULT, v -> v > 0 && v <= 1, "in (0, 1]"),
        reader.enumValue(ROOT, ROOT_DEFAULT, RootPoint.class),
        reader.doubleValue(BLUR_SIGMA, BLUR_SIGMA_DEFAULT, v -> v > 0 && v <= 28, "in (0, 28]"),
        reader.booleanValue(IN_DEFAULT_RUN, IN_DEFAULT_RUN_DEFAULT));
  }
}
