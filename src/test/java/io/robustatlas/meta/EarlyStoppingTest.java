package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Best epoch and stopping over hand-made loss sequences. */
class EarlyStoppingTest {
  @Test
  void keepsTheLowestLossAndStopsAfterPatienceEpochsWithoutOne() {
    EarlyStopping stopping = new EarlyStopping(2);
    assertTrue(stopping.observe(1, 0.5));
    assertTrue(stopping.observe(2, 0.4));
    assertFalse(stopping.observe(3, 0.45));
    assertFalse(stopping.exhausted());
    assertFalse(stopping.observe(4, 0.4)); // a tie is no improvement: the earlier epoch stays best
    assertTrue(stopping.exhausted());
    assertEquals(2, stopping.bestEpoch());
  }

  @Test
  void anImprovementResetsThePatience() {
    EarlyStopping stopping = new EarlyStopping(2);
    stopping.observe(1, 0.5);
    stopping.observe(2, 0.6);
    assertTrue(stopping.observe(3, 0.3));
    stopping.observe(4, 0.6);
    assertFalse(stopping.exhausted());
    assertEquals(3, stopping.bestEpoch());
  }

  @Test
  void nonFiniteLossesNeverCount() {
    EarlyStopping stopping = new EarlyStopping(3);
    assertFalse(stopping.observe(1, Double.NaN));
    assertFalse(stopping.observe(2, Double.POSITIVE_INFINITY));
    assertEquals(0, stopping.bestEpoch());
    assertTrue(stopping.observe(3, 7.0));
    assertEquals(3, stopping.bestEpoch());
  }
}
