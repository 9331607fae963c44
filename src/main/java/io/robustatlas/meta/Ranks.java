package io.robustatlas.meta;

import java.util.Arrays;
import java.util.Comparator;

/** Ranks with ties: tied values share the mean of the ranks they span (1-based). */
final class Ranks {
  private Ranks() {}

  static double[] average(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double shared = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = shared;
      }
      start = end + 1;
    }
    return ranks;
  }
}
