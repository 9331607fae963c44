package io.robustatlas.data;

import io.robustatlas.random.Seeds;
import java.util.SplittableRandom;

/** Seeded orders over a data set: the same seed gives the same order on every machine. */
public final class Shuffle {
  private Shuffle() {}

  /**
   * A Fisher–Yates permutation of 0..n-1 drawn from the stream of {@code seed}, a seed derived with
   * {@link Seeds#derive} for its purpose (never a raw counter: see {@link Seeds}).
   */
  public static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = Seeds.stream(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
