package io.robustatlas.config;

import java.io.Serializable;
import java.util.List;

/**
 * Settings of the {@code train} stage.
 *
 * @param minAccuracy a model is kept for the robustness stage when its test accuracy is at least
 *     this (and its training did not diverge)
 */
public record TrainConfig(double minAccuracy) implements Serializable {
  public static final String MIN_ACCURACY = "train.min-accuracy";
  public static final double MIN_ACCURACY_DEFAULT = 0.6;

  static final List<String> KEYS = List.of(MIN_ACCURACY);

  static TrainConfig read(ConfigReader reader) {
    return new TrainConfig(
        reader.doubleValue(
            MIN_ACCURACY, MIN_ACCURACY_DEFAULT, v -> v >= 0 && v <= 1, "between 0 and 1"));
  }
}
