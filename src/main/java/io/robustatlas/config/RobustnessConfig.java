package io.robustatlas.config;

import io.robustatlas.engine.EngineKind;
import io.robustatlas.noise.NoiseKind;
import java.io.Serializable;
import java.util.List;

/**
 * Settings of the {@code robustness} stage: which test samples each kept model is probed on, and
 * how the noisy copies are made.
 *
 * @param correctPerClass per true class, how many correctly classified samples to take
 * @param wrongPerClass per true class, how many misclassified samples to take
 * @param noise the noise kinds and their levels; each pair is measured once per (kind, level)
 * @param copies noisy copies per pair, kind and level (for weight noise: perturbed copies of the
 *     model, each predicting every sample)
 * @param clip clip noisy pixels to [0, 1] (the study did not); input kinds only
 * @param allLayers also record the activations of conv1, pool1 and conv2
 * @param engine which code runs the noisy copies' forward passes: auto (vector if the JVM has
 *     jdk.incubator.vector, else scalar), vector, scalar or dl4j (the reference)
 * @param modelsPerFile models whose pairs share one Parquet file (and one commit): 256 models of
 *     200 pairs make files of about 100 MB
 */
public record RobustnessConfig(
    int correctPerClass,
    int wrongPerClass,
    List<NoiseSetting> noise,
    int copies,
    boolean clip,
    boolean allLayers,
    EngineKind engine,
    int modelsPerFile) implements Serializable {
  public static final String CORRECT_PER_CLASS = "robustness.correct-per-class";
  public static final String WRONG_PER_CLASS = "robustness.wrong-per-class";
  public static final int PER_CLASS_DEFAULT = 10;
  public static final String NOISE = "robustness.noise";
  public static final List<NoiseSetting> NOISE_DEFAULT =
      List.of(new NoiseSetting(NoiseKind.GAUSSIAN, List.of(0.9)));
  public static final String COPIES = "robustness.copies";
  public static final int COPIES_DEFAULT = 1000;
  public static final String CLIP = "robustness.clip";
  public static final boolean CLIP_DEFAULT = false;
  public static final String ALL_LAYERS = "robustness.all-layers";
  public static final boolean ALL_LAYERS_DEFAULT = false;
  public static final String ENGINE = "robustness.engine";
  public static final EngineKind ENGINE_DEFAULT = EngineKind.AUTO;
  public static final String MODELS_PER_FILE = "robustness.models-per-file";
  public static final int MODELS_PER_FILE_DEFAULT = 256;

  static final List<String> KEYS =
      List.of(
          CORRECT_PER_CLASS,
          WRONG_PER_CLASS,
          NOISE,
          COPIES,
          CLIP,
          ALL_LAYERS,
          ENGINE,
          MODELS_PER_FILE);

  public RobustnessConfig {
    noise = List.copyOf(noise);
  }

  /**
   * The settings that change results: not the engine (all give the same predictions up to float
   * rounding) and not how many models share a file.
   */
  public String canonical() {
    return "RobustnessConfig[correctPerClass=" + correctPerClass + ", wrongPerClass="
        + wrongPerClass + ", noise=" + noise + ", copies=" + copies + ", clip=" + clip
        + ", allLayers=" + allLayers + "]";
  }

  /** The settings of the input noise the ensemble stage reuses: the kinds and levels, and clip. */
  public String noiseCanonical() {
    return "noise=" + noise + ", clip=" + clip;
  }

  static RobustnessConfig read(ConfigReader reader) {
    return new RobustnessConfig(
        reader.intValue(CORRECT_PER_CLASS, PER_CLASS_DEFAULT, v -> v >= 0, "≥ 0"),
        reader.intValue(WRONG_PER_CLASS, PER_CLASS_DEFAULT, v -> v >= 0, "≥ 0"),
        reader.noiseList(NOISE, NOISE_DEFAULT),
        reader.intValue(COPIES, COPIES_DEFAULT, v -> v >= 1, "≥ 1 (a positive integer)"),
        reader.booleanValue(CLIP, CLIP_DEFAULT),
        reader.booleanValue(ALL_LAYERS, ALL_LAYERS_DEFAULT),
        reader.enumValue(ENGINE, ENGINE_DEFAULT, EngineKind.class),
        reader.intValue(MODELS_PER_FILE, MODELS_PER_FILE_DEFAULT, v -> v >= 1, "≥ 1"));
  }
}
