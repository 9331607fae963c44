package io.robustatlas.grid;

import java.util.Locale;

/**
 * Weight initialisations of the study's grid, named as in the study (PyTorch). Biases start at
 * zero in every scheme.
 */
public enum InitScheme {
  /** Xavier (Glorot) uniform: U(±√(6 / (fan_in + fan_out))). */
  XAVIER,
  /** N(0, 0.01²): normal with standard deviation 0.01. */
  NORMAL,
  /** Kaiming (He) uniform for ReLU: U(±√(6 / fan_in)). */
  KAIMING,
  /** PyTorch's layer default: U(±1/√fan_in). */
  DEFAULT;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
