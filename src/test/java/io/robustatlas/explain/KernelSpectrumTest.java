package io.robustatlas.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The DFT against spectra worked out by hand. Tolerance 1e-9: sums of 25 products of doubles of
 * order one, far below any value compared.
 */
class KernelSpectrumTest {
  private static final double EPS = 1e-9;

  @Test
  void aDeltaHasAFlatSpectrumWhereverItSits() {
    for (int at : new int[] {0, 12, 24}) {
      float[] delta = new float[25];
      delta[at] = 2f;
      double[] power = KernelSpectrum.power(delta, 5, 16);
      for (double p : power) {
        assertEquals(4.0, p, EPS); // |2·e^{-iφ}|² = 4 at every frequency
      }
    }
  }

  @Test
  void aFlatSpectrumSpreadsOverTheBandsByTheirShareOfFrequencies() {
    float[] delta = new float[25];
    delta[0] = 1f;
    double[] shares =
        KernelSpectrum.bandShares(KernelSpectrum.power(delta, 5, 16), 16, KernelSpectrum.BANDS);
    // Band 0 holds r < 0.125 cycles/pixel, i.e. integer (a, b) with a² + b² < 2² (units of 1/16):
    // (0,0), (±1,0), (0,±1), (±1,±1): 9 of the 256 frequencies.
    assertEquals(9.0 / 256, shares[0], EPS);
    assertEquals(1.0, shares[0] + shares[1] + shares[2] + shares[3], EPS);
    // Flat power is symmetric under x ↔ y and x → −x: no direction stands out.
    assertEquals(0.0, KernelSpectrum.orientation(KernelSpectrum.power(delta, 5, 16), 16)[1], EPS);
  }

  @Test
  void aConstantKernelWithoutPaddingHasAllItsEnergyAtDc() {
    float[] constant = new float[25];
    java.util.Arrays.fill(constant, 0.5f);
    double[] power = KernelSpectrum.power(constant, 5, 5);
    assertEquals(12.5 * 12.5, power[0], EPS); // (25 × 0.5)²
    for (int i = 1; i < power.length; i++) {
      assertEquals(0.0, power[i], EPS);
    }
    assertEquals(1.0, KernelSpectrum.bandShares(power, 5, 4)[0], EPS);
  }

  @Test
  void aConstantKernelZeroPaddedHasTheDirichletSpectrum() {
    float[] constant = new float[25];
    java.util.Arrays.fill(constant, 1f);
    double[] power = KernelSpectrum.power(constant, 5, 16);
    for (int v = 0; v < 16; v++) {
      for (int u = 0; u < 16; u++) {
        // A box of 5 ones, padded to 16: |Σ_k e^{-2πiuk/16}|² = sin²(5πu/16) / sin²(πu/16).
        assertEquals(dirichlet(u) * dirichlet(v), power[v * 16 + u], EPS, "at " + u + "," + v);
      }
    }
  }

  private static double dirichlet(int u) {
    if (u == 0) {
      return 25;
    }
    double ratio = Math.sin(5 * Math.PI * u / 16) / Math.sin(Math.PI * u / 16);
    return ratio * ratio;
  }

  @Test
  void stripesAcrossColumnsPointAlongXAndStripesAcrossRowsAlongY() {
    float[] columns = new float[25];
    float[] rows = new float[25];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        columns[y * 5 + x] = x % 2 == 0 ? 1f : -1f;
        rows[y * 5 + x] = y % 2 == 0 ? 1f : -1f;
      }
    }
    // Unpadded, a kernel constant along y has power only where f_y = 0: one line, strength 1.
    double[] alongX = KernelSpectrum.orientation(KernelSpectrum.power(columns, 5, 5), 5);
    double[] alongY = KernelSpectrum.orientation(KernelSpectrum.power(rows, 5, 5), 5);
    assertEquals(0.0, alongX[0], 1e-6);
    assertEquals(1.0, alongX[1], EPS);
    assertEquals(90.0, alongY[0], 1e-6);
    assertEquals(1.0, alongY[1], EPS);
    // Padded, the box along y spreads power over f_y (symmetrically): same angle, less strength.
    assertEquals(0.0, KernelSpectrum.orientation(KernelSpectrum.power(columns, 5, 16), 16)[0], 1e-6);
    assertEquals(90.0, KernelSpectrum.orientation(KernelSpectrum.power(rows, 5, 16), 16)[0], 1e-6);
  }

  @Test
  void inputKernelsOfOneChannelAddTheirPower() {
    float[] two = new float[50];
    two[0] = 1f; // a delta: power 1 everywhere
    two[25 + 6] = 3f; // another delta: power 9 everywhere
    for (double p : KernelSpectrum.power(two, 5, 8)) {
      assertEquals(10.0, p, EPS);
    }
  }
}
