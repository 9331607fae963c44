package io.robustatlas.robustness;

import io.robustatlas.model.LeNet5;
import java.util.Arrays;

/**
 * Which test samples one model is probed on: walking the test set in a seeded order, the first
 * {@code correctQuota} correctly classified and the first {@code wrongQuota} misclassified
 * samples of each true class. A quota that cannot be filled is a shortfall, not an error.
 *
 * @param samples selected test-set indices, in walk order
 * @param correctFound per true class, how many correct samples were found (≤ quota)
 * @param wrongFound per true class, how many wrong samples were found (≤ quota)
 */
public record SampleSelection(int[] samples, int[] correctFound, int[] wrongFound) {

  /**
   * @param order the walk order over test indices
   * @param labels true label of each test index
   * @param predicted the model's prediction for each test index
   */
  public static SampleSelection select(
      int[] order, int[] labels, int[] predicted, int correctQuota, int wrongQuota) {
    int[] correct = new int[LeNet5.CLASSES];
    int[] wrong = new int[LeNet5.CLASSES];
    int[] chosen = new int[order.length];
    int size = 0;
    for (int index : order) {
      int label = labels[index];
      int[] found = predicted[index] == label ? correct : wrong;
      int quota = predicted[index] == label ? correctQuota : wrongQuota;
      if (found[label] < quota) {
        found[label]++;
        chosen[size++] = index;
      }
    }
    return new SampleSelection(Arrays.copyOf(chosen, size), correct, wrong);
  }

  /** Samples missing from the quotas, over all classes. */
  public int shortfall(int correctQuota, int wrongQuota) {
    int missing = 0;
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      missing += correctQuota - correctFound[c] + wrongQuota - wrongFound[c];
    }
    return missing;
  }
}
