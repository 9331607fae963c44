package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 64/16/20 cut: exact where the shares are whole, one unit at least per split. */
class SplitAssignmentTest {
  @Test
  void wholeSharesAreExact() {
    assertArrayEquals(new long[] {16, 4, 5}, SplitAssignment.counts(25));
    assertArrayEquals(new long[] {32, 8, 10}, SplitAssignment.counts(50));
    assertArrayEquals(new long[] {64, 16, 20}, SplitAssignment.counts(100));
    assertArrayEquals(new long[] {512, 128, 160}, SplitAssignment.counts(800));
  }

  @Test
  void smallRunsKeepOneUnitPerSplit() {
    assertArrayEquals(new long[] {1, 1, 1}, SplitAssignment.counts(3));
    assertArrayEquals(new long[] {2, 1, 1}, SplitAssignment.counts(4));
    // 8 models: test round(1.6) = 2, validation round(1.28) = 1.
    assertArrayEquals(new long[] {5, 1, 2}, SplitAssignment.counts(8));
    // 48 models (the demo's minimum): test round(9.6) = 10, validation round(7.68) = 8.
    assertArrayEquals(new long[] {30, 8, 10}, SplitAssignment.counts(48));
  }

  @Test
  void countsAddUpAndStayWithinHalfAUnitOfTheShares() {
    for (long n = SplitAssignment.MINIMUM_UNITS; n <= 2000; n++) {
      long[] counts = SplitAssignment.counts(n);
      assertEquals(n, counts[0] + counts[1] + counts[2], "n = " + n);
      assertTrue(counts[0] >= 1 && counts[1] >= 1 && counts[2] >= 1, "n = " + n);
      if (n >= 7) { // from 7 units on, rounding alone gives each split a unit
        assertTrue(Math.abs(counts[2] - 0.20 * n) <= 0.5, "test, n = " + n);
        assertTrue(Math.abs(counts[1] - 0.16 * n) <= 0.5, "validation, n = " + n);
      }
    }
  }

  @Test
  void ranksFillTrainThenValidationThenTest() {
    // 25 units: ranks 0-15 train, 16-19 validation, 20-24 test.
    assertEquals(Split.TRAIN, SplitAssignment.splitOf(15, 25));
    assertEquals(Split.VALIDATION, SplitAssignment.splitOf(16, 25));
    assertEquals(Split.VALIDATION, SplitAssignment.splitOf(19, 25));
    assertEquals(Split.TEST, SplitAssignment.splitOf(20, 25));
    assertEquals(Split.TEST, SplitAssignment.splitOf(24, 25));
  }

  @Test
  void keysDependOnTheRunSeedAndTheUnit() {
    assertEquals(SplitAssignment.modelKey(0, "abc"), SplitAssignment.modelKey(0, "abc"));
    assertNotEquals(SplitAssignment.modelKey(0, "abc"), SplitAssignment.modelKey(1, "abc"));
    assertNotEquals(SplitAssignment.modelKey(0, "abc"), SplitAssignment.modelKey(0, "abd"));
    assertNotEquals(SplitAssignment.pairKey(0, "abc", 1), SplitAssignment.pairKey(0, "abc", 2));
  }
}
