package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Wilson 95% intervals against values computed independently (mpmath, 30 digits, from the score
 * formula); 1e-9 is far below anything a ratio over 1000 copies can resolve, far above rounding.
 */
class WilsonIntervalTest {
  private static final double TOLERANCE = 1e-9;

  @Test
  void ninetyFivePercentOfAThousand() {
    assertInterval(0.9346861797557492, 0.96186973760725119, WilsonInterval.of(950, 1000));
  }

  @Test
  void noSuccessesGivesExactlyZeroLow() {
    WilsonInterval interval = WilsonInterval.of(0, 1000);
    assertEquals(0.0, interval.low(), 0.0);
    assertEquals(0.0038267584855551232, interval.high(), TOLERANCE);
  }

  @Test
  void allSuccessesGivesExactlyOneHigh() {
    WilsonInterval interval = WilsonInterval.of(1000, 1000);
    assertEquals(0.99617324151444488, interval.low(), TOLERANCE);
    assertEquals(1.0, interval.high(), 0.0);
    assertInterval(0.20654931437723743, 1.0, WilsonInterval.of(1, 1));
  }

  @Test
  void halfOfTenIsSymmetricAroundOneHalf() {
    assertInterval(0.236593090512564, 0.763406909487436, WilsonInterval.of(5, 10));
  }

  @Test
  void explicitZMatchesTheDefault() {
    assertEquals(WilsonInterval.of(950, 1000), WilsonInterval.of(950, 1000, WilsonInterval.Z_95));
    WilsonInterval wider = WilsonInterval.of(950, 1000, 2.5758293035489);
    assertEquals(true, wider.low() < 0.9346861797557492 && wider.high() > 0.96186973760725119);
  }

  @Test
  void rejectsImpossibleCounts() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(11, 10));
    assertEquals(
        "Cannot compute a Wilson interval for 11 successes in 10 trials:"
            + " need trials > 0 and 0 <= successes <= trials",
        error.getMessage());
    IllegalArgumentException noTrials =
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(0, 0));
    assertEquals(
        "Cannot compute a Wilson interval for 0 successes in 0 trials:"
            + " need trials > 0 and 0 <= successes <= trials",
        noTrials.getMessage());
    IllegalArgumentException badZ =
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 2, Double.NaN));
    assertEquals(
        "Cannot compute a Wilson interval at z = NaN: must be positive and finite",
        badZ.getMessage());
  }

  private static void assertInterval(double low, double high, WilsonInterval actual) {
    assertEquals(low, actual.low(), TOLERANCE, "low");
    assertEquals(high, actual.high(), TOLERANCE, "high");
  }
}
