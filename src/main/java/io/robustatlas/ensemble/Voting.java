package io.robustatlas.ensemble;

import io.robustatlas.model.LeNet5;
import java.util.Locale;

/**
 * How an ensemble's members decide together, and the model alone for comparison. Ties are broken by
 * the lowest class, as the single model's argmax breaks them, so every rule is deterministic.
 */
public enum Voting {
  /** The original model alone (member 0). */
  SINGLE,
  /** Majority of the members' predicted labels; a tie goes to the lowest of the tied classes. */
  HARD,
  /** Argmax of the members' summed probabilities; a tie goes to the lowest class. */
  SOFT,
  /** A random forest over the members' probabilities, trained on a slice of the training set. */
  LEARNED;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Hard voting of members {@code 0 .. members - 1}.
   *
   * @param memberLabels per member, the predicted label of each image
   * @return per image, the class with the most votes (the lowest of those tied)
   */
  static int[] hard(int[][] memberLabels, int members) {
    int count = memberLabels[0].length;
    int[] decided = new int[count];
    int[] votes = new int[LeNet5.CLASSES];
    for (int i = 0; i < count; i++) {
      java.util.Arrays.fill(votes, 0);
      for (int m = 0; m < members; m++) {
        votes[memberLabels[m][i]]++;
      }
      decided[i] = argmax(votes);
    }
    return decided;
  }

  /**
   * Soft voting of members {@code 0 .. members - 1}.
   *
   * @param memberProbs per member, {@code images × 10} probabilities, image after image
   * @return per image, the class of the largest summed probability (the lowest of those tied)
   */
  static int[] soft(float[][] memberProbs, int members) {
    int count = memberProbs[0].length / LeNet5.CLASSES;
    int[] decided = new int[count];
    double[] sums = new double[LeNet5.CLASSES];
    for (int i = 0; i < count; i++) {
      java.util.Arrays.fill(sums, 0);
      for (int m = 0; m < members; m++) {
        for (int c = 0; c < LeNet5.CLASSES; c++) {
          sums[c] += memberProbs[m][i * LeNet5.CLASSES + c];
        }
      }
      int best = 0;
      for (int c = 1; c < LeNet5.CLASSES; c++) {
        if (sums[c] > sums[best]) {
          best = c;
        }
      }
      decided[i] = best;
    }
    return decided;
  }

  private static int argmax(int[] votes) {
    int best = 0;
    for (int c = 1; c < votes.length; c++) {
      if (votes[c] > votes[best]) {
        best = c;
      }
    }
    return best;
  }
}
