package io.robustatlas.grid;

import java.util.Locale;

/**
 * Weight initialisations of the study's grid, named as in the study (PyTorch), which re-initialises
 * only each layer's weights: biases keep PyTorch's layer default U(±1/√fan_in) in every scheme
 * ({@code model.InitialWeights} draws both).
 */
public enum InitScheme {
  /** Xavier (Glorot) uniform: U(±√(6 / (fan_in + fan_out))). */
  XAVIER,
  /** N(0, 0.01²): normal with standard deviation 0.01. */
  NORMAL,
  /** Kaiming (He) uniform, PyTorch's {@code kaiming_uniform_} with a = 0: U(±√(6 / fan_in)). */
  KAIMING,
  /** PyTorch's layer default: U(±1/√fan_in). */
  DEFAULT;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
