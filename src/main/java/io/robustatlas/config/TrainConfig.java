package io.robustatlas.config;

import io.robustatlas.engine.EngineKind;
import java.io.Serializable;
import java.util.List;

/**
 * Settings of the {@code train} stage.
 *
 * @param minAccuracy a model is kept for the robustness stage when its test accuracy is at least
 *     this (and its training did not diverge)
 * @param engine which code trains: auto (vector if the JVM has jdk.incubator.vector, else scalar),
 *     vector, scalar (the lane trainer in SIMD or plain Java) or dl4j (the reference)
 */
public record TrainConfig(double minAccuracy, EngineKind engine) implements Serializable {
  public static final String MIN_ACCURACY = "train.min-accuracy";
  public static final double MIN_ACCURACY_DEFAULT = 0.6;
  public static final String ENGINE = "train.engine";
  public static final EngineKind ENGINE_DEFAULT = EngineKind.AUTO;

  static final List<String> KEYS = List.of(MIN_ACCURACY, ENGINE);

  /**
   * The settings that change results: not the engine (the engines train the same models up to
   * float rounding), so switching engines never makes an output folder foreign. The text is the
   * one this record printed before it had an engine, so folders made then keep their identity.
   */
  public String canonical() {
    return "TrainConfig[minAccuracy=" + minAccuracy + "]";
  }

  static TrainConfig read(ConfigReader reader) {
    return new TrainConfig(
        reader.doubleValue(
            MIN_ACCURACY, MIN_ACCURACY_DEFAULT, v -> v >= 0 && v <= 1, "between 0 and 1"),
        reader.enumValue(ENGINE, ENGINE_DEFAULT, EngineKind.class));
  }
}
