package io.robustatlas.noise;

/**
 * Exact Poisson(μ) draws for one mean μ ≥ 0, its constants computed once, for shot noise (one
 * sampler per distinct pixel value of an image, reused for every copy).
 *
 * <ul>
 *   <li>μ &lt; 10: inversion, one uniform per draw: the smallest k with u &lt; P(K ≤ k), the pmf
 *       built by the recursion p(k) = p(k−1)·μ/k from p(0) = e^−μ (about μ + 1 steps).
 *   <li>μ ≥ 10: PTRS, the transformed rejection method with squeeze of W. Hörmann, "The transformed
 *       rejection method for generating Poisson random variables", Insurance: Mathematics and
 *       Economics 12 (1993) 39–45, as NumPy's {@code random_poisson_ptrs} implements it: two
 *       uniforms per attempt, accepted about 90% of the time at once and otherwise by the exact
 *       test against log p(k).
 * </ul>
 *
 * Both are exact up to the 2^-53 resolution of the uniforms and double rounding.
 */
final class PoissonSampler {
  /** Below this mean, inversion; from it on, PTRS (Hörmann's stated range). */
  static final double PTRS_FROM = 10;

  private static final int LOG_FACTORIAL_TABLE = 1024;
  private static final double[] LOG_FACTORIAL = logFactorials();
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final double mean;
  private final double expMinusMean;
  private final double logMean;
  private final double a;
  private final double b;
  private final double logInvAlpha;
  private final double vr;

  PoissonSampler(double mean) {
    if (!(mean >= 0) || Double.isInfinite(mean)) {
      throw new IllegalArgumentException(
          "Cannot draw Poisson(" + mean + "): the mean must be finite and ≥ 0");
    }
    this.mean = mean;
    this.expMinusMean = Math.exp(-mean);
    this.logMean = Math.log(mean);
    double sqrtMean = Math.sqrt(mean);
    this.b = 0.931 + 2.53 * sqrtMean;
    this.a = -0.059 + 0.02483 * b;
    this.logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
    this.vr = 0.9277 - 3.6224 / (b - 2);
  }

  long sample(GaussianNoise.SplitMix64 uniforms) {
    if (mean == 0) {
      return 0;
    }
    return mean < PTRS_FROM ? inversion(uniforms.nextUnit()) : ptrs(uniforms);
  }

  private long inversion(double u) {
    long k = 0;
    double p = expMinusMean;
    double cdf = p;
    // p > 0: stop where the pmf underflows, in case rounding keeps the cdf a hair below u.
    while (u >= cdf && p > 0) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  private long ptrs(GaussianNoise.SplitMix64 uniforms) {
    while (true) {
      double u = uniforms.nextUnit() - 0.5;
      double v = uniforms.nextUnit();
      double us = 0.5 - Math.abs(u);
      // us = 0 sends k to -∞, rejected below; (long) of -∞ is Long.MIN_VALUE.
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b)
          <= -mean + k * logMean - logFactorial(k)) {
        return k;
      }
    }
  }

  /** log(k!): a table of exact sums for small k, Stirling's series (error &lt; 1e-20) beyond. */
  static double logFactorial(long k) {
    if (k < LOG_FACTORIAL_TABLE) {
      return LOG_FACTORIAL[(int) k];
    }
    double x = k + 1.0;
    double inverse = 1 / x;
    double inverseSquared = inverse * inverse;
    double series = inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared / 1260));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
  }

  private static double[] logFactorials() {
    double[] table = new double[LOG_FACTORIAL_TABLE];
    for (int k = 2; k < LOG_FACTORIAL_TABLE; k++) {
      table[k] = table[k - 1] + Math.log(k);
    }
    return table;
  }
}
