package io.robustatlas.meta;

/**
 * How well predicted ratios match the measured ones on the test split.
 *
 * @param r2 coefficient of determination 1 − SS_res / SS_tot (NaN when the targets are constant)
 * @param mae mean absolute error
 * @param rmse root mean squared error
 * @param spearman Spearman's rank correlation, ties given their average rank (NaN when either side
 *     is constant)
 */
public record RegressionMetrics(double r2, double mae, double rmse, double spearman) {

  /** The metrics of {@code predicted} against {@code target} (equal lengths, at least one pair). */
  public static RegressionMetrics of(double[] target, double[] predicted) {
    int n = target.length;
    double mean = 0;
    for (double t : target) {
      mean += t / n;
    }
    double absolute = 0;
    double squared = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double error = predicted[i] - target[i];
      absolute += Math.abs(error);
      squared += error * error;
      total += (target[i] - mean) * (target[i] - mean);
    }
    double r2 = total == 0 ? Double.NaN : 1 - squared / total;
    return new RegressionMetrics(
        r2, absolute / n, Math.sqrt(squared / n), pearson(Ranks.average(target), Ranks.average(predicted)));
  }

  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += x[i] / n;
      meanY += y[i] / n;
    }
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < n; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      varianceX += (x[i] - meanX) * (x[i] - meanX);
      varianceY += (y[i] - meanY) * (y[i] - meanY);
    }
    return varianceX == 0 || varianceY == 0
        ? Double.NaN
        : covariance / Math.sqrt(varianceX * varianceY);
  }
}
