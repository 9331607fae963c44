package io.robustatlas.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Accuracy, balanced accuracy, Cohen's κ and per-class accuracy against values computed by hand
 * (and Cohen's κ against the textbook two-rater example). Exact fractions, so the tolerance is only
 * double rounding.
 */
class ClassificationMetricsTest {
  private static final double ROUNDING = 1e-12;

  @Test
  void threeClassesByHand() {
    int[] labels = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    int[] predicted = {0, 0, 0, 1, 1, 1, 2, 2, 0, 2};
    ClassificationMetrics metrics = ClassificationMetrics.of(labels, predicted);
    // 7 of 10 right. Recall per class: 3/4, 2/3, 2/3; their mean (3/4 + 2/3 + 2/3)/3 = 25/36.
    // Label counts 4, 3, 3 and prediction counts 4, 3, 3: p_e = (16 + 9 + 9)/100 = 0.34, so
    // κ = (0.7 − 0.34)/(1 − 0.34) = 6/11.
    assertEquals(0.7, metrics.accuracy(), ROUNDING);
    assertEquals(25.0 / 36, metrics.balancedAccuracy(), ROUNDING);
    assertEquals(6.0 / 11, metrics.kappa(), ROUNDING);
    double[] perClass = new double[10];
    Arrays.fill(perClass, Double.NaN);
    perClass[0] = 0.75;
    perClass[1] = 2.0 / 3;
    perClass[2] = 2.0 / 3;
    assertArrayEquals(perClass, metrics.classAccuracy(), ROUNDING);
  }

  @Test
  void cohensTextbookExample() {
    // Two raters, 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15. p_o = 0.7,
    // p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4 (the example of Wikipedia's "Cohen's kappa").
    int[] a = new int[50];
    int[] b = new int[50];
    fill(a, b, 0, 20, 1, 1);
    fill(a, b, 20, 5, 1, 0);
    fill(a, b, 25, 10, 0, 1);
    fill(a, b, 35, 15, 0, 0);
    ClassificationMetrics metrics = ClassificationMetrics.of(a, b);
    assertEquals(0.7, metrics.accuracy(), ROUNDING);
    assertEquals(0.4, metrics.kappa(), ROUNDING);
    // Recall of "yes" 20/25, of "no" 15/25: balanced accuracy 0.7.
    assertEquals(0.7, metrics.balancedAccuracy(), ROUNDING);
  }

  @Test
  void perfectAgreementOnOneClassHasNoKappa() {
    ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {4, 4}, new int[] {4, 4});
    assertEquals(1.0, metrics.accuracy());
    assertEquals(1.0, metrics.balancedAccuracy());
    assertTrue(Double.isNaN(metrics.kappa()), "p_e = 1: κ is 0/0");
  }

  @Test
  void balancedAccuracyWeighsClassesNotImages() {
    // 9 images of class 0, all right; 1 image of class 1, wrong: accuracy 0.9, balanced 0.5.
    int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    int[] predicted = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ClassificationMetrics metrics = ClassificationMetrics.of(labels, predicted);
    assertEquals(0.9, metrics.accuracy(), ROUNDING);
    assertEquals(0.5, metrics.balancedAccuracy(), ROUNDING);
    // p_e = 0.9·1 + 0.1·0 = 0.9; κ = (0.9 − 0.9)/0.1 = 0: no better than chance.
    assertEquals(0.0, metrics.kappa(), ROUNDING);
  }

  private static void fill(int[] a, int[] b, int from, int count, int labelA, int labelB) {
    Arrays.fill(a, from, from + count, labelA);
    Arrays.fill(b, from, from + count, labelB);
  }
}
