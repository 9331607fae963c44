package io.robustatlas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** η² from per-group moments against the two-pass definition worked out by hand. */
class MomentsTest {
  private static Moments of(double... values) {
    Moments moments = Moments.EMPTY;
    for (double value : values) {
      moments = moments.plus(new Moments(1, value, value * value));
    }
    return moments;
  }

  @Test
  void betweenGroupShareByHand() {
    // Groups {1, 3} and {5, 7, 9}: grand mean 5; total SS = 16 + 4 + 0 + 4 + 16 = 40;
    // group means 2 and 7: between SS = 2·9 + 3·4 = 30; η² = 30 / 40.
    assertEquals(0.75, Moments.betweenGroupShare(List.of(of(1, 3), of(5, 7, 9))), 1e-12);
  }

  @Test
  void equalMeansExplainNothingAndConstantGroupsEverything() {
    assertEquals(0, Moments.betweenGroupShare(List.of(of(0, 1), of(0, 1))), 1e-12);
    assertEquals(1, Moments.betweenGroupShare(List.of(of(0.2, 0.2), of(0.9))), 1e-12);
    assertTrue(Double.isNaN(Moments.betweenGroupShare(List.of(of(0.5, 0.5), of(0.5)))));
  }
}
