package io.robustatlas.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many positives and negatives share each distinct score: what a Spark {@code groupBy(score,
 * label).count()} returns, a few thousand rows at most however many items were scored (a ratio
 * over 1,000 copies takes at most 1,001 values). From it come the exact AUROC, with ties, by the
 * Mann–Whitney rank sum, the ROC curve and histograms, without the items themselves.
 */
final class ScoreCounts {
  private final TreeMap<Double, long[]> counts = new TreeMap<>();
  private long positives;
  private long negatives;

  /** Adds {@code count} items of {@code score}, positive or not. */
  ScoreCounts add(double score, boolean positive, long count) {
    counts.computeIfAbsent(score, s -> new long[2])[positive ? 0 : 1] += count;
    if (positive) {
      positives += count;
    } else {
      negatives += count;
    }
    return this;
  }

  long positives() {
    return positives;
  }

  long negatives() {
    return negatives;
  }

  /**
   * The probability that a random positive scores above a random negative, ties counting one half:
   * the Mann–Whitney U over (positives × negatives), as the rank-sum formula with average ranks
   * gives it. NaN without positives or without negatives.
   */
  double auroc() {
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double above = 0;
    long negativesBelow = 0;
    for (long[] atScore : counts.values()) {
      above += atScore[0] * (negativesBelow + 0.5 * atScore[1]);
      negativesBelow += atScore[1];
    }
    return above / ((double) positives * negatives);
  }

  /**
   * The ROC curve: (false positive rate, true positive rate) when every score at or above a
   * threshold counts as positive, from the highest threshold down, starting at (0, 0).
   */
  List<double[]> roc() {
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, 0});
    long truePositives = 0;
    long falsePositives = 0;
    for (long[] atScore : counts.descendingMap().values()) {
      truePositives += atScore[0];
      falsePositives += atScore[1];
      points.add(
          new double[] {(double) falsePositives / negatives, (double) truePositives / positives});
    }
    return points;
  }

  /**
   * The share of the positives (or negatives) in each of {@code bins} equal bins over [0, 1];
   * scores outside fall into the first or last bin.
   */
  double[] histogram(boolean positive, int bins) {
    double[] shares = new double[bins];
    long total = positive ? positives : negatives;
    for (Map.Entry<Double, long[]> entry : counts.entrySet()) {
      int bin = (int) Math.min(bins - 1, Math.max(0, Math.floor(entry.getKey() * bins)));
      shares[bin] += entry.getValue()[positive ? 0 : 1];
    }
    for (int i = 0; i < bins; i++) {
      shares[i] = total == 0 ? 0 : shares[i] / total;
    }
    return shares;
  }
}
