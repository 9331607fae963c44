package io.robustatlas.engine;

import java.util.Locale;

/**
 * Which code computes the robustness stage's forward passes. All give the same predictions up to
 * float rounding (logits within 1e-4 of DL4J's); they differ in speed and in what the JVM needs.
 */
public enum EngineKind {
  /** {@link #VECTOR} where {@link Engines#vectorAvailable()}, else {@link #SCALAR}. */
  AUTO,
  /**
   * The SIMD lane engine on the JDK Vector API; needs {@code --add-modules jdk.incubator.vector}.
   */
  VECTOR,
  /** The same lane algorithm in plain Java; runs on any JVM. */
  SCALAR,
  /** DL4J's own inference: the reference, and the slowest. */
  DL4J;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
