package io.robustatlas.config;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of the {@code ensemble} stage: every kept model next to ensembles of itself and
 * weight-noise copies of itself, under the input noise of {@code robustness.noise}.
 *
 * @param copies ensemble sizes to evaluate: the original plus this many perturbed copies; each ≥ 1
 * @param alpha weight noise of the copies: each layer's W and b get N(0, (α·their std)²); ≥ 0
 * @param learnImages training images (a seeded slice, never test images) on which the learned
 *     voter, a random forest over the members' probabilities, is trained; at most the training set
 * @param trees trees of each learned voter's random forest
 * @param inDefaultRun run the stage when {@code submit.sh} is given no stage list
 */
public record EnsembleConfig(
    List<Integer> copies, double alpha, int learnImages, int trees, boolean inDefaultRun)
    implements Serializable {
  public static final String COPIES = "ensemble.copies";
  public static final List<Integer> COPIES_DEFAULT = List.of(4);
  public static final String ALPHA = "ensemble.alpha";
  public static final double ALPHA_DEFAULT = 0.1;
  public static final String LEARN_IMAGES = "ensemble.learn-images";
  public static final int LEARN_IMAGES_DEFAULT = 1000;
  public static final String TREES = "ensemble.trees";
  public static final int TREES_DEFAULT = 50;
  public static final String IN_DEFAULT_RUN = "ensemble.in-default-run";
  public static final boolean IN_DEFAULT_RUN_DEFAULT = false;

  static final List<String> KEYS = List.of(COPIES, ALPHA, LEARN_IMAGES, TREES, IN_DEFAULT_RUN);

  /** Sizes are kept sorted and distinct: a size named twice is evaluated once. */
  public EnsembleConfig {
    copies = copies.stream().distinct().sorted().toList();
  }

  /** The largest ensemble size: members 1..this are made once and shared by the smaller sizes. */
  public int maxCopies() {
    return copies.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The settings that change results: not whether the default run includes the stage. */
  public String canonical() {
    return "EnsembleConfig[copies=" + copies + ", alpha=" + alpha + ", learnImages="
        + learnImages + ", trees=" + trees + "]";
  }

  static EnsembleConfig read(ConfigReader reader) {
    return new EnsembleConfig(
        reader.intList(COPIES, COPIES_DEFAULT, v -> v >= 1 && v <= 1000, "between 1 and 1000"),
        reader.doubleValue(ALPHA, ALPHA_DEFAULT, v -> v >= 0, "≥ 0"),
        reader.intValue(LEARN_IMAGES, LEARN_IMAGES_DEFAULT, v -> v >= 10, "≥ 10"),
        reader.intValue(TREES, TREES_DEFAULT, v -> v >= 1 && v <= 1000, "between 1 and 1000"),
        reader.booleanValue(IN_DEFAULT_RUN, IN_DEFAULT_RUN_DEFAULT));
  }
}
