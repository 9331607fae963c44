package io.robustatlas.report;

import java.util.Collection;

/**
 * Count, sum and sum of squares of a value over a group: what Spark aggregates per group, enough to
 * combine groups and to split a total variance into the part between groups and the rest.
 */
record Moments(long count, double sum, double sumOfSquares) {
  static final Moments EMPTY = new Moments(0, 0, 0);

  Moments plus(Moments other) {
    return new Moments(
        count + other.count, sum + other.sum, sumOfSquares + other.sumOfSquares);
  }

  double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /**
   * The share of the variance of the values that lies between {@code groups} (η², the correlation
   * ratio): 1 − (within-group sum of squares) / (total sum of squares). 0 when every group has the
   * same mean, 1 when the values within each group are all equal; NaN when all values are equal.
   */
  static double betweenGroupShare(Collection<Moments> groups) {
    Moments total = EMPTY;
    double between = 0;
    for (Moments group : groups) {
      total = total.plus(group);
    }
    for (Moments group : groups) {
      if (group.count > 0) {
        double difference = group.mean() - total.mean();
        between += group.count * difference * difference;
      }
    }
    double totalSquares = total.sumOfSquares - total.count * total.mean() * total.mean();
    return totalSquares <= 1e-12 * Math.max(1, total.sumOfSquares)
        ? Double.NaN
        : Math.min(1, between / totalSquares);
  }
}
