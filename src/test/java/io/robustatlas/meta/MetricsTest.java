package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Regression and classification metrics against values worked out by hand (shown in the comments)
 * or from a second algorithm. Tolerance 1e-12: every value is a short sum of doubles.
 */
class MetricsTest {
  private static final double EXACT = 1e-12;

  @Test
  void regressionErrorsByHand() {
    // errors 0.1, 0, -0.3: MAE 0.4/3, MSE 0.1/3; targets' squares about 0.5 sum to 0.5 → r² = 0.8.
    RegressionMetrics m =
        RegressionMetrics.of(new double[] {0, 0.5, 1}, new double[] {0.1, 0.5, 0.7});
    assertEquals(0.4 / 3, m.mae(), EXACT);
    assertEquals(Math.sqrt(0.1 / 3), m.rmse(), EXACT);
    assertEquals(0.8, m.r2(), EXACT);
  }

  @Test
  void spearmanWithoutTiesMatchesTheRankDifferenceFormula() {
    // ranks of y: 1 3 2 5 4, differences 0 -1 1 -1 1: ρ = 1 - 6·4 / (5·24) = 0.8.
    RegressionMetrics m =
        RegressionMetrics.of(new double[] {10, 20, 30, 40, 50}, new double[] {1, 3, 2, 5, 4});
    assertEquals(0.8, m.spearman(), EXACT);
  }

  @Test
  void spearmanWithTiesUsesAverageRanks() {
    // ranks x: 1 2.5 2.5 4, ranks y: 1 3 2 4; centred: (-1.5 0 0 1.5), (-1.5 .5 -.5 1.5):
    // cov 4.5, var 4.5 and 5 → ρ = 4.5 / √22.5 = √0.9.
    RegressionMetrics m =
        RegressionMetrics.of(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4});
    assertEquals(Math.sqrt(0.9), m.spearman(), EXACT);
  }

  @Test
  void constantTargetsHaveNoR2AndNoSpearman() {
    RegressionMetrics m = RegressionMetrics.of(new double[] {1, 1}, new double[] {0.5, 0.7});
    assertTrue(Double.isNaN(m.r2()) && Double.isNaN(m.spearman()));
    assertEquals(0.4, m.mae(), EXACT);
  }

  /** correct 1 1 0 1 0 0; scores 0.9 0.6 0.6 0.4 0.3 0.7. */
  private static final double[] CORRECT = {1, 1, 0, 1, 0, 0};

  private static final double[] SCORE = {0.9, 0.6, 0.6, 0.4, 0.3, 0.7};

  @Test
  void aurocEqualsTheMannWhitneyCountOfPairs() {
    // Pairs (correct score vs wrong score): 0.9 beats all 3 wrong; 0.6 ties 0.6 (½), beats 0.3;
    // 0.4 beats 0.3: U = 3 + 1.5 + 1 = 5.5 of 9 pairs.
    assertEquals(5.5 / 9, ClassificationMetrics.of(CORRECT, SCORE).auroc(), EXACT);
    assertEquals(mannWhitney(CORRECT, SCORE), ClassificationMetrics.of(CORRECT, SCORE).auroc(), EXACT);
  }

  @Test
  void aurocMatchesPairCountingOnALargerTableWithTies() {
    double[] correct = new double[60];
    double[] score = new double[60];
    for (int i = 0; i < 60; i++) {
      correct[i] = (i * 7) % 3 == 0 ? 0 : 1;
      score[i] = ((i * 13) % 10) / 10.0; // ten distinct values: many ties across classes
    }
    assertEquals(mannWhitney(correct, score), ClassificationMetrics.of(correct, score).auroc(), EXACT);
  }

  @Test
  void accuracyAndBalancedAccuracyAtOneHalf() {
    // decisions (≥ 0.5): 1 1 1 0 0 1 vs truth 1 1 0 1 0 0: 3 of 6 right;
    // recall on correct 2/3, on wrong 1/3 → balanced 0.5.
    ClassificationMetrics m = ClassificationMetrics.of(CORRECT, SCORE);
    assertEquals(0.5, m.accuracy(), EXACT);
    assertEquals(0.5, m.balancedAccuracy(), EXACT);
  }

  @Test
  void averagePrecisionByHandWithATie() {
    // By score, high to low: 0.9 (ok) | 0.7 (err) | 0.6 ok + 0.6 err | 0.4 ok | 0.3 err.
    // Success: recall steps 1/3 at precision 1, 1/3 at 2/4, 1/3 at 3/5 → 1/3 + 1/6 + 1/5 = 0.7.
    ClassificationMetrics m = ClassificationMetrics.of(CORRECT, SCORE);
    assertEquals(0.7, m.auprSuccess(), EXACT);
    // Errors, low score first: 0.3 (err) | 0.4 (ok) | 0.6 err + 0.6 ok | 0.7 err | 0.9 ok:
    // 1/3 at precision 1, 1/3 at 2/4, 1/3 at 3/5 → 0.7 as well.
    assertEquals(0.7, m.auprError(), EXACT);
  }

  @Test
  void averagePrecisionMatchesScikitLearnsDocumentedExample() {
    // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333...
    double ap =
        ClassificationMetrics.averagePrecision(
            new double[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});
    assertEquals(0.5 * 1 + 0.5 * (2.0 / 3), ap, EXACT);
    assertEquals(0.83333333333, ap, 1e-10);
  }

  @Test
  void errorsOnlyOrCorrectOnlyLeaveTheUndefinedMetricsNaN() {
    ClassificationMetrics allCorrect =
        ClassificationMetrics.of(new double[] {1, 1}, new double[] {0.2, 0.8});
    assertTrue(Double.isNaN(allCorrect.auroc()));
    assertTrue(Double.isNaN(allCorrect.auprError()));
    assertTrue(Double.isNaN(allCorrect.balancedAccuracy()));
    assertEquals(1.0, allCorrect.auprSuccess(), EXACT);
    assertEquals(0.5, allCorrect.accuracy(), EXACT);
  }

  /** AUROC by brute force over all (correct, wrong) pairs: the definition, not the rank sum. */
  private static double mannWhitney(double[] correct, double[] score) {
    double u = 0;
    long pairs = 0;
    for (int i = 0; i < correct.length; i++) {
      for (int j = 0; j < correct.length; j++) {
        if (correct[i] == 1 && correct[j] == 0) {
          u += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return u / pairs;
  }
}
