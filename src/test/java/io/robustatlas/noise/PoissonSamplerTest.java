package io.robustatlas.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Poisson sampler on both of its methods (inversion below μ = 10, Hörmann's PTRS from 10 on)
 * and at the switch, against the theory: moments with bounds from the sample size, and a χ² test of
 * the whole distribution against Apache Commons Math's Poisson pmf (an independent implementation).
 * 200,000 draws per mean at fixed seeds; every bound is set so that a correct sampler fails it with
 * probability below 1e-6.
 */
class PoissonSamplerTest {
  private static final int DRAWS = 200_000;

  private static long[] draws(double mean) {
    GaussianNoise.SplitMix64 uniforms = new GaussianNoise.SplitMix64();
    uniforms.reseed(Seeds.derive(Seeds.tag("poisson-test"), Double.doubleToLongBits(mean)));
    PoissonSampler sampler = new PoissonSampler(mean);
    long[] draws = new long[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      draws[i] = sampler.sample(uniforms);
    }
    return draws;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.7, 3.2, 9.99, 10, 14.5, 63.7, 1000, 1e6})
  void meanAndVarianceAreTheMean(double mean) {
    long[] draws = draws(mean);
    double sum = 0;
    double squares = 0;
    for (long k : draws) {
      sum += k;
      squares += (double) k * k;
    }
    double n = DRAWS;
    double sampleMean = sum / n;
    double sampleVariance = squares / n - sampleMean * sampleMean;
    // Poisson(μ): SE(mean) = √(μ/n); the sample variance has SE √((μ₄ − μ²)/n) with the fourth
    // central moment μ₄ = μ + 3μ², so √((μ + 2μ²)/n). Five standard errors each.
    assertEquals(mean, sampleMean, 5 * Math.sqrt(mean / n), "mean");
    assertEquals(mean, sampleVariance, 5 * Math.sqrt((mean + 2 * mean * mean) / n), "variance");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.7, 3.2, 9.99, 10, 14.5, 63.7, 1000})
  void theWholeDistributionPassesAChiSquareTest(double mean) {
    long[] draws = draws(mean);
    PoissonDistribution reference = new PoissonDistribution(null, mean, 1e-12, 10_000_000);
    // Bins: every k whose expected count is at least 5, the tails merged into the end bins.
    int low = 0;
    while (reference.cumulativeProbability(low) * DRAWS < 5) {
      low++;
    }
    int high = low;
    while ((1 - reference.cumulativeProbability(high)) * DRAWS >= 5) {
      high++;
    }
    long[] observed = new long[high - low + 1];
    for (long k : draws) {
      observed[(int) Math.max(low, Math.min(high, k)) - low]++;
    }
    List<Double> expected = new ArrayList<>();
    for (int k = low; k <= high; k++) {
      double p =
          k == low
              ? reference.cumulativeProbability(low)
              : k == high
                  ? 1 - reference.cumulativeProbability(high - 1)
                  : reference.probability(k);
      expected.add(p * DRAWS);
    }
    double statistic = 0;
    for (int b = 0; b < observed.length; b++) {
      double e = expected.get(b);
      statistic += (observed[b] - e) * (observed[b] - e) / e;
    }
    int degrees = observed.length - 1;
    double critical =
        new ChiSquaredDistribution(null, degrees).inverseCumulativeProbability(1 - 1e-6);
    assertTrue(
        statistic < critical,
        String.format(
            "χ² = %.1f with %d degrees of freedom, critical %.1f", statistic, degrees, critical));
  }

  @Test
  void logFactorialMatchesCommonsMathsLogGamma() {
    // The table below 1024 and Stirling's series above: within 1e-13 relative of log Γ(k + 1).
    for (long k : new long[] {0, 1, 2, 10, 170, 1023, 1024, 1025, 5000, 1_000_000}) {
      double expected = Gamma.logGamma(k + 1.0);
      assertEquals(
          expected, PoissonSampler.logFactorial(k), 1e-13 * Math.max(1, expected), "k " + k);
    }
  }

  @Test
  void aMeanOfZeroAlwaysGivesZero() {
    for (long k : draws(0)) {
      assertEquals(0, k);
    }
  }
}
