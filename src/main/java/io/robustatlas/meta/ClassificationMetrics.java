package io.robustatlas.meta;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How well scores P(correct) separate a model's correct predictions from its errors on the test
 * split. The decision for accuracy is score ≥ 0.5. AUPR is average precision (the step-wise area
 * of scikit-learn's {@code average_precision_score}, ConfidNet's measure): with errors as the
 * positives and {@code -score} ranking them (AUPR-error), and with correct predictions as the
 * positives ranked by {@code score} (AUPR-success).
 *
 * @param accuracy share of pairs whose decision equals the truth
 * @param balancedAccuracy mean of the recall on correct pairs and the recall on wrong pairs
 * @param auroc probability that a random correct pair scores higher than a random wrong one (ties
 *     count one half); NaN without both kinds
 * @param auprError average precision of finding the errors; NaN without errors
 * @param auprSuccess average precision of finding the correct pairs; NaN without correct pairs
 */
public record ClassificationMetrics(
    double accuracy, double balancedAccuracy, double auroc, double auprError, double auprSuccess) {

  /** Decision threshold on P(correct). */
  public static final double THRESHOLD = 0.5;

  /** @param correct 1 for a correct prediction, 0 for an error; {@code score} is P(correct) */
  public static ClassificationMetrics of(double[] correct, double[] score) {
    int n = correct.length;
    int positives = 0;
    int hits = 0;
    int truePositives = 0;
    int trueNegatives = 0;
    for (int i = 0; i < n; i++) {
      boolean isCorrect = correct[i] == 1;
      boolean saysCorrect = score[i] >= THRESHOLD;
      positives += isCorrect ? 1 : 0;
      hits += isCorrect == saysCorrect ? 1 : 0;
      truePositives += isCorrect && saysCorrect ? 1 : 0;
      trueNegatives += !isCorrect && !saysCorrect ? 1 : 0;
    }
    int negatives = n - positives;
    double balanced =
        positives == 0 || negatives == 0
            ? Double.NaN
            : ((double) truePositives / positives + (double) trueNegatives / negatives) / 2;
    double[] errors = new double[n];
    double[] negated = new double[n];
    for (int i = 0; i < n; i++) {
      errors[i] = 1 - correct[i];
      negated[i] = -score[i];
    }
    return new ClassificationMetrics(
        (double) hits / n,
        balanced,
        auroc(correct, score, positives),
        averagePrecision(errors, negated),
        averagePrecision(correct, score));
  }

  /** Mann-Whitney U of the positives over the negatives, from the rank sum, divided by n₊·n₋. */
  static double auroc(double[] positive, double[] score, int positives) {
    int negatives = positive.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double[] ranks = Ranks.average(score);
    double rankSum = 0;
    for (int i = 0; i < ranks.length; i++) {
      rankSum += positive[i] == 1 ? ranks[i] : 0;
    }
    double u = rankSum - (double) positives * (positives + 1) / 2;
    return u / ((double) positives * negatives);
  }

  /**
   * Σ (R_k − R_{k−1}) · P_k over the distinct scores from high to low, where P_k and R_k are the
   * precision and recall of calling every pair scored at least the k-th score positive.
   */
  static double averagePrecision(double[] positive, double[] score) {
    Integer[] order = new Integer[score.length];
    int positives = 0;
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      positives += positive[i] == 1 ? 1 : 0;
    }
    if (positives == 0) {
      return Double.NaN;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
    double area = 0;
    double previousRecall = 0;
    int called = 0;
    int found = 0;
    while (called < order.length) {
      double threshold = score[order[called]];
      while (called < order.length && score[order[called]] == threshold) {
        found += positive[order[called]] == 1 ? 1 : 0;
        called++;
      }
      double recall = (double) found / positives;
      area += (recall - previousRecall) * found / called;
      previousRecall = recall;
    }
    return area;
  }
}
