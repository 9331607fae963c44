package io.robustatlas.ensemble;

import io.robustatlas.model.LeNet5;

/**
 * How well predictions match the true labels over a test set, as the companion study reports them.
 *
 * @param accuracy share of images classified correctly
 * @param balancedAccuracy mean of the per-class accuracies over the classes present in the labels
 *     (as scikit-learn's {@code balanced_accuracy_score})
 * @param kappa Cohen's κ = (p_o − p_e) / (1 − p_e), p_o the accuracy and p_e the agreement expected
 *     by chance from the label and prediction frequencies; NaN when p_e = 1 (one class only)
 * @param classAccuracy per class, the share of its images classified correctly (its recall); NaN
 *     for a class with no image
 */
public record ClassificationMetrics(
    double accuracy, double balancedAccuracy, double kappa, double[] classAccuracy) {

  /** The metrics of {@code predicted} against {@code labels} (classes 0..9). */
  public static ClassificationMetrics of(int[] labels, int[] predicted) {
    if (labels.length != predicted.length || labels.length == 0) {
      throw new IllegalArgumentException(
          "Cannot score " + predicted.length + " predictions against " + labels.length + " labels");
    }
    int classes = LeNet5.CLASSES;
    long[] perLabel = new long[classes];
    long[] perPrediction = new long[classes];
    long[] correctPerLabel = new long[classes];
    long correct = 0;
    for (int i = 0; i < labels.length; i++) {
      perLabel[labels[i]]++;
      perPrediction[predicted[i]]++;
      if (labels[i] == predicted[i]) {
        correctPerLabel[labels[i]]++;
        correct++;
      }
    }
    double n = labels.length;
    double[] classAccuracy = new double[classes];
    double recallSum = 0;
    int present = 0;
    double chance = 0;
    for (int c = 0; c < classes; c++) {
      classAccuracy[c] = perLabel[c] == 0 ? Double.NaN : (double) correctPerLabel[c] / perLabel[c];
      if (perLabel[c] > 0) {
        recallSum += classAccuracy[c];
        present++;
      }
      chance += (perLabel[c] / n) * (perPrediction[c] / n);
    }
    double accuracy = correct / n;
    double kappa = chance == 1 ? Double.NaN : (accuracy - chance) / (1 - chance);
    return new ClassificationMetrics(accuracy, recallSum / present, kappa, classAccuracy);
  }
}
