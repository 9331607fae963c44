package io.robustatlas.robustness;

/**
 * Wilson score interval for a binomial share, used for the share of noisy copies whose prediction
 * is unchanged. Unlike the normal (Wald) interval it stays inside [0, 1] and is not degenerate at
 * 0/n or n/n, where robust samples pile up.
 *
 * @param low lower bound, in [0, 1]; exactly 0 when there are no successes
 * @param high upper bound, in [low, 1]; exactly 1 when every trial succeeded
 */
public record WilsonInterval(double low, double high) {
  /** Two-sided 95% normal quantile, Φ⁻¹(0.975). */
  public static final double Z_95 = 1.959963984540054;

  /** Checks the bounds. */
  public WilsonInterval {
    if (!(0 <= low && low <= high && high <= 1)) {
      throw new IllegalArgumentException(
          "Cannot make an interval [" + low + ", " + high + "]: need 0 <= low <= high <= 1");
    }
  }

  /** The 95% interval for {@code successes} out of {@code trials}. */
  public static WilsonInterval of(int successes, int trials) {
    return of(successes, trials, Z_95);
  }

  /** The interval for {@code successes} out of {@code trials} at normal quantile {@code z}. */
  public static WilsonInterval of(int successes, int trials, double z) {
    check(successes, trials, z);
    double n = trials;
    double share = successes / n;
    double zz = z * z;
    double denominator = 1 + zz / n;
    double centre = (share + zz / (2 * n)) / denominator;
    double half = z / denominator * Math.sqrt(share * (1 - share) / n + zz / (4 * n * n));
    // At 0/n and n/n the bound is exactly 0 resp. 1; rounding in centre ± half must not move it.
    double low = successes == 0 ? 0 : Math.max(0, centre - half);
    double high = successes == trials ? 1 : Math.min(1, centre + half);
    return new WilsonInterval(low, high);
  }

  private static void check(int successes, int trials, double z) {
    if (trials <= 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "Cannot compute a Wilson interval for "
              + successes
              + " successes in "
              + trials
              + " trials: need trials > 0 and 0 <= successes <= trials");
    }
    if (!(z > 0) || Double.isInfinite(z)) {
      throw new IllegalArgumentException(
          "Cannot compute a Wilson interval at z = " + z + ": must be positive and finite");
    }
  }
}
