package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.data.Shuffle;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.Predictions;
import io.robustatlas.model.LeNet5;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.KnownNetworks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quotas per true class in walk order, with shortfalls counted; then on a real DL4J LeNet-5 built
 * to predict class 0 for every input, so which samples are correct is known without training.
 */
class SampleSelectionTest {

  private static int[] identity(int n) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    return order;
  }

  @Test
  void takesTheFirstCorrectAndWrongOfEachClassInWalkOrder() {
    // index:           0  1  2  3  4  5  6  7  8  9
    int[] labels = {3, 3, 3, 3, 3, 7, 7, 7, 3, 7};
    int[] predicted = {3, 1, 3, 3, 2, 7, 0, 7, 5, 7};
    int[] order = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
    SampleSelection selection = SampleSelection.select(order, labels, predicted, 2, 1);
    // Walk: 9 (7 ok), 8 (3 wrong), 7 (7 ok), 6 (7 wrong), 5 (7 ok: full), 4 (3 wrong: full),
    // 3 (3 ok), 2 (3 ok), 1 (3 wrong: full), 0 (3 ok: full).
    assertArrayEquals(new int[] {9, 8, 7, 6, 3, 2}, selection.samples());
    assertArrayEquals(perClass(3, 2, 7, 2), selection.correctFound());
    assertArrayEquals(perClass(3, 1, 7, 1), selection.wrongFound());
    // 8 classes miss 3 each, classes 3 and 7 are full.
    assertEquals(24, selection.shortfall(2, 1));
  }

  @Test
  void theWalkOrderDecidesWhichSamplesAreTaken() {
    int[] labels = {0, 0, 0, 0};
    int[] predicted = {0, 0, 0, 0};
    assertArrayEquals(
        new int[] {0, 1}, SampleSelection.select(identity(4), labels, predicted, 2, 0).samples());
    assertArrayEquals(
        new int[] {3, 1},
        SampleSelection.select(new int[] {3, 1, 0, 2}, labels, predicted, 2, 0).samples());
  }

  @Test
  void zeroQuotasSelectNothingAndMissNothing() {
    int[] labels = {0, 1, 2};
    SampleSelection selection =
        SampleSelection.select(identity(3), labels, new int[] {0, 2, 2}, 0, 0);
    assertEquals(0, selection.samples().length);
    assertEquals(0, selection.shortfall(0, 0));
  }

  @Test
  void anEmptyTestSetIsAllShortfall() {
    SampleSelection selection = SampleSelection.select(new int[0], new int[0], new int[0], 10, 10);
    assertEquals(0, selection.samples().length);
    assertEquals(200, selection.shortfall(10, 10));
  }

  @Test
  void aModelThatAlwaysPredictsZeroIsRightOnlyOnClassZero() {
    // 300 images, labels cycling through 0..9: 30 of each class, more than either quota.
    LabeledImages data = IdxFixtures.synthetic(300, 28, 28, 21);
    int[] predicted =
        Predictions.argmax(
            Predictions.logits(
                Engines.predictor(EngineKind.DL4J, KnownNetworks.alwaysPredicts(0), 1), data));
    assertArrayEquals(new int[300], predicted, "the constructed model predicts 0 everywhere");

    int[] labels = new int[data.count()];
    Arrays.setAll(labels, data::label);
    int[] order = Shuffle.permutation(data.count(), 99);
    SampleSelection selection = SampleSelection.select(order, labels, predicted, 10, 10);

    assertArrayEquals(perClass(0, 10), selection.correctFound());
    int[] wrong = new int[LeNet5.CLASSES];
    Arrays.fill(wrong, 1, LeNet5.CLASSES, 10);
    assertArrayEquals(wrong, selection.wrongFound());
    // Class 0 has no wrong samples (10 missing); classes 1..9 have no correct ones (9 × 10).
    assertEquals(100, selection.shortfall(10, 10));
    assertArrayEquals(firstTenOfEachClassInWalkOrder(order, labels), selection.samples());
  }

  @Test
  void aWrongQuotaLargerThanAClassCountsOnlyWhatExists() {
    // 50 images: 5 per class; the always-4 model is wrong on 45 of them, right on 5.
    LabeledImages data = IdxFixtures.synthetic(50, 28, 28, 22);
    int[] predicted =
        Predictions.argmax(
            Predictions.logits(
                Engines.predictor(EngineKind.DL4J, KnownNetworks.alwaysPredicts(4), 1), data));
    int[] labels = new int[data.count()];
    Arrays.setAll(labels, data::label);
    SampleSelection selection =
        SampleSelection.select(Shuffle.permutation(50, 5), labels, predicted, 3, 8);
    assertArrayEquals(perClass(4, 3), selection.correctFound());
    int[] wrong = new int[LeNet5.CLASSES];
    Arrays.fill(wrong, 5);
    wrong[4] = 0;
    assertArrayEquals(wrong, selection.wrongFound());
    assertEquals(3 + 45, selection.samples().length);
    // Correct: 9 classes × 3 missing; wrong: 9 classes × 3 missing + class 4's 8.
    assertEquals(27 + 27 + 8, selection.shortfall(3, 8));
  }

  /** A per-class array with the given (class, value) pairs and zeros elsewhere. */
  private static int[] perClass(int... classValuePairs) {
    int[] counts = new int[LeNet5.CLASSES];
    for (int i = 0; i < classValuePairs.length; i += 2) {
      counts[classValuePairs[i]] = classValuePairs[i + 1];
    }
    return counts;
  }

  private static int[] firstTenOfEachClassInWalkOrder(int[] order, int[] labels) {
    int[] seen = new int[LeNet5.CLASSES];
    List<Integer> chosen = new ArrayList<>();
    for (int index : order) {
      if (seen[labels[index]]++ < 10) {
        chosen.add(index);
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }
}
