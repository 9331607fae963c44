package io.robustatlas.config;

import io.robustatlas.noise.NoiseKind;
import java.io.Serializable;
import java.util.List;

/**
 * One entry of {@code robustness.noise}: a noise kind and the levels it is measured at.
 *
 * @param kind the kind of noise
 * @param levels distinct levels, each valid for {@code kind} (σ, p, λ or α)
 */
public record NoiseSetting(NoiseKind kind, List<Double> levels) implements Serializable {
  public NoiseSetting {
    levels = List.copyOf(levels);
  }
}
