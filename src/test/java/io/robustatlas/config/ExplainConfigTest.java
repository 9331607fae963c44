package io.robustatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.robustatlas.explain.RootPoint;
import io.robustatlas.noise.NoiseKind;
import io.robustatlas.testing.Configs;
import org.junit.jupiter.api.Test;

/** The explain section: its defaults, and one line naming key, value, rule and origin per mistake. */
class ExplainConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    ExplainConfig explain = Configs.defaults().explain();
    assertEquals(
        new ExplainConfig(10, NoiseKind.GAUSSIAN, 0.9, 0.3, RootPoint.ZERO, 2.0, false), explain);
  }

  @Test
  void readsEveryKey() {
    ExplainConfig explain =
        Configs.defaults(
                "explain.copies=7", "explain.noise=shot", "explain.level=10",
                "explain.mae-fraction=0.5", "explain.root=blur", "explain.blur-sigma=1.5",
                "explain.in-default-run=true")
            .explain();
    assertEquals(new ExplainConfig(7, NoiseKind.SHOT, 10, 0.5, RootPoint.BLUR, 1.5, true), explain);
  }

  @Test
  void rejectsWeightNoiseALevelOutsideItsKindsRangeAndUnknownKeys() {
    assertEquals(
        "Cannot set explain.noise to \"weights\": must be one of gaussian, impulse, shot (an input"
            + " noise: the ablated model's copies) (--set explain.noise=weights)",
        message("explain.noise=weights"));
    assertEquals(
        "Cannot set explain.level to 1.5: must be a number between 0 and 1 (impulse p)"
            + " (--set explain.level=1.5)",
        message("explain.noise=impulse", "explain.level=1.5"));
    assertEquals(
        "Cannot set explain.root to \"black\": must be one of zero, blur, mean"
            + " (--set explain.root=black)",
        message("explain.root=black"));
    assertEquals(
        "Unknown config key explain.fraction (--set explain.fraction=0.3); did you mean"
            + " explain.mae-fraction?",
        message("explain.fraction=0.3"));
  }

  private static String message(String... overrides) {
    return assertThrows(ConfigException.class, () -> Configs.defaults(overrides)).getMessage();
  }
}
