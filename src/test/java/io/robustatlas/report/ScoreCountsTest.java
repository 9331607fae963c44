package io.robustatlas.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The AUROC from grouped counts against the Mann–Whitney U counted pair by pair (every positive
 * against every negative, ties one half), the ROC curve's area against the same, and histogram
 * shares against a hand count.
 */
class ScoreCountsTest {
  /** Exact: both sides are sums of halves over at most 10^4 pairs, far inside double precision. */
  private static final double EXACT = 1e-12;

  private static double bruteForce(double[] positives, double[] negatives) {
    double wins = 0;
    for (double p : positives) {
      for (double n : negatives) {
        wins += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    return wins / (positives.length * (double) negatives.length);
  }

  /** Ratios over 20 copies: many ties, as the pairs table has. */
  private static double[] ratios(SplittableRandom random, int count, double bias) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      int unchanged = 0;
      for (int k = 0; k < 20; k++) {
        unchanged += random.nextDouble() < bias ? 1 : 0;
      }
      values[i] = unchanged / 20.0;
    }
    return values;
  }

  @Test
  void aurocWithTiesIsTheMannWhitneyCount() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      double[] positives = ratios(random, 1 + random.nextInt(80), 0.7);
      double[] negatives = ratios(random, 1 + random.nextInt(80), 0.5);
      ScoreCounts counts = new ScoreCounts();
      for (double p : positives) {
        counts.add(p, true, 1);
      }
      for (double n : negatives) {
        counts.add(n, false, 1);
      }
      double expected = bruteForce(positives, negatives);
      assertEquals(expected, counts.auroc(), EXACT);
      assertEquals(expected, trapezoidArea(counts.roc()), EXACT, "ROC area");
    }
  }

  @Test
  void handWorkedExample() {
    // Positives 0.2, 0.5, 0.9; negatives 0.1, 0.5: wins 1 + (1 + 0.5) + 2 = 4.5 of 6 pairs.
    ScoreCounts counts =
        new ScoreCounts().add(0.2, true, 1).add(0.5, true, 1).add(0.9, true, 1)
            .add(0.1, false, 1).add(0.5, false, 1);
    assertEquals(0.75, counts.auroc(), EXACT);
    List<double[]> roc = counts.roc();
    assertArrayEquals(new double[] {0, 0}, roc.get(0));
    assertArrayEquals(new double[] {0, 1 / 3.0}, roc.get(1), EXACT); // threshold 0.9
    assertArrayEquals(new double[] {0.5, 2 / 3.0}, roc.get(2), EXACT); // 0.5: one of each
    assertArrayEquals(new double[] {1, 1}, roc.get(roc.size() - 1), EXACT);
  }

  @Test
  void oneSidedCountsHaveNoAuroc() {
    assertTrue(Double.isNaN(new ScoreCounts().add(0.4, true, 3).auroc()));
    assertTrue(Double.isNaN(new ScoreCounts().add(0.4, false, 3).auroc()));
  }

  @Test
  void histogramSharesPerGroup() {
    // 4 bins over [0, 1]: 0 and 0.1 in bin 0, 0.25 in bin 1, 1.0 (the top edge) in the last bin.
    ScoreCounts counts =
        new ScoreCounts().add(0, true, 2).add(0.1, true, 1).add(0.25, true, 1).add(1.0, true, 4)
            .add(0.6, false, 5);
    assertArrayEquals(new double[] {3 / 8.0, 1 / 8.0, 0, 4 / 8.0}, counts.histogram(true, 4), EXACT);
    assertArrayEquals(new double[] {0, 0, 1, 0}, counts.histogram(false, 4), EXACT);
  }

  private static double trapezoidArea(List<double[]> curve) {
    double area = 0;
    for (int i = 1; i < curve.size(); i++) {
      area += (curve.get(i)[0] - curve.get(i - 1)[0]) * (curve.get(i)[1] + curve.get(i - 1)[1]) / 2;
    }
    return area;
  }
}
