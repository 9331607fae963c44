package io.robustatlas.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.model.LeNet5;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hard and soft voting on hand-made tables, ties included; expected labels worked out by hand. */
class VotingTest {

  @Test
  void hardVotingTakesTheMajorityAndBreaksTiesToTheLowestClass() {
    int[][] labels = {
      {1, 2, 5, 9},
      {1, 3, 4, 0},
      {7, 3, 5, 4},
    };
    // Image 0: 1 has two votes. Image 1: 3 has two. Image 2: 5 has two. Image 3: 9, 0 and 4 one
    // each, a three-way tie, so the lowest, 0.
    assertArrayEquals(new int[] {1, 3, 5, 0}, Voting.hard(labels, 3));
    // The first two members only: 1; a 2–3 tie → 2; a 5–4 tie → 4; a 9–0 tie → 0.
    assertArrayEquals(new int[] {1, 2, 4, 0}, Voting.hard(labels, 2));
    assertArrayEquals(labels[0], Voting.hard(labels, 1), "one member decides alone");
  }

  @Test
  void softVotingSumsProbabilitiesAndBreaksTiesToTheLowestClass() {
    float[][] probs = {
      table(new float[] {0.6f, 0.4f}, at(3, 0.5f, 7, 0.5f)),
      table(new float[] {0.1f, 0.9f}, at(3, 0.25f, 7, 0.75f)),
      table(new float[] {0.55f, 0.45f}, at(3, 0.75f, 7, 0.25f)),
    };
    // Image 0: class 0 sums to 1.25 and class 1 to 1.75, so 1, though two of three members
    // (hard voting) say 0. Image 1: classes 3 and 7 both sum to exactly 1.5 (binary fractions), a
    // tie, so 3.
    assertArrayEquals(new int[] {1, 3}, Voting.soft(probs, 3));
    assertArrayEquals(new int[] {0, 3}, Voting.soft(probs, 1), "member 0 alone: 0.6 and a tie");
  }

  @Test
  void votingsAreNamedInLowerCase() {
    assertEquals(
        List.of("single", "hard", "soft", "learned"),
        List.of(Voting.values()).stream().map(Voting::toString).toList());
  }

  /** Two images' probabilities, 10 classes each, image after image. */
  private static float[] table(float[] first, float[] second) {
    float[] table = new float[2 * LeNet5.CLASSES];
    System.arraycopy(first, 0, table, 0, first.length);
    System.arraycopy(second, 0, table, LeNet5.CLASSES, second.length);
    return table;
  }

  private static float[] at(int a, float pa, int b, float pb) {
    float[] row = new float[LeNet5.CLASSES];
    row[a] = pa;
    row[b] = pb;
    return row;
  }
}
