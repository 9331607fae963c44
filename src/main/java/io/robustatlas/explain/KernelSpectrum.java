package io.robustatlas.explain;

/**
 * The frequency content of a convolution kernel: the power |DFT|² of the kernel zero-padded to
 * {@code size × size}, summed over a channel's input kernels, and two summaries of it: the share of
 * energy per radial frequency band and the dominant orientation. Zero padding samples the kernel's
 * continuous spectrum more finely; it adds no information. A 5×5 kernel has 25 coefficients, so the
 * DFT is summed directly (no FFT needed).
 *
 * <p>Frequencies are signed: index {@code u} stands for {@code u / size} cycles per pixel when
 * {@code u ≤ size / 2}, else {@code (u − size) / size}. Band {@code b} of {@code B} holds the radial
 * frequencies {@code r = √(fx² + fy²)} in {@code [b·0.5/B, (b+1)·0.5/B)}; the last band also holds
 * the corners beyond Nyquist (r up to 0.71). The orientation is that of the frequency vector
 * (0° = frequencies along x, so a kernel that changes from column to column, a vertical edge
 * detector; 90° = along y), as the power-weighted mean of the doubled angle (orientations are
 * axial, θ and θ + 180° are one direction); its strength is the length of that mean, 0 for an
 * isotropic spectrum, 1 when all power lies on one line through the origin. DC has no direction
 * and is left out.
 */
final class KernelSpectrum {
  /** Side of the zero-padded DFT the stage uses. */
  static final int SIZE = 16;

  /** Radial bands the stage reports. */
  static final int BANDS = 4;

  private KernelSpectrum() {}

  /**
   * The power spectrum of one or more square kernels, summed.
   *
   * @param kernels {@code count × side × side} floats, kernel after kernel, row-major
   * @param side kernel side
   * @param size DFT side, at least {@code side}
   * @return {@code size × size} powers, {@code [fy][fx]}, DC at index 0
   */
  static double[] power(float[] kernels, int side, int size) {
    if (size < side) {
      throw new IllegalArgumentException(
          "Cannot take a " + size + "-point DFT of a kernel of side " + side);
    }
    double[] power = new double[size * size];
    double[] cos = new double[size];
    double[] sin = new double[size];
    for (int i = 0; i < size; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / size);
      sin[i] = Math.sin(2 * Math.PI * i / size);
    }
    int area = side * side;
    for (int first = 0; first < kernels.length; first += area) {
      for (int v = 0; v < size; v++) {
        for (int u = 0; u < size; u++) {
          double re = 0;
          double im = 0;
          for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
              // e^{-2πi(ux + vy)/size}, the phase index taken modulo size.
              int phase = (u * x + v * y) % size;
              double w = kernels[first + y * side + x];
              re += w * cos[phase];
              im -= w * sin[phase];
            }
          }
          power[v * size + u] += re * re + im * im;
        }
      }
    }
    return power;
  }

  /** Signed frequency of DFT index {@code index}, in cycles per pixel. */
  static double frequency(int index, int size) {
    return (index <= size / 2 ? index : index - size) / (double) size;
  }

  /** Share of the total power in each of {@code bands} radial bands; all zero for a zero kernel. */
  static double[] bandShares(double[] power, int size, int bands) {
    double[] shares = new double[bands];
    double total = 0;
    for (int v = 0; v < size; v++) {
      for (int u = 0; u < size; u++) {
        double r = Math.hypot(frequency(u, size), frequency(v, size));
        int band = Math.min(bands - 1, (int) Math.floor(r / 0.5 * bands));
        shares[band] += power[v * size + u];
        total += power[v * size + u];
      }
    }
    for (int b = 0; b < bands && total > 0; b++) {
      shares[b] /= total;
    }
    return shares;
  }

  /**
   * The dominant orientation in degrees, in [0, 180), and its strength in [0, 1]: {@code {angle,
   * strength}}.
   */
  static double[] orientation(double[] power, int size) {
    double c = 0;
    double s = 0;
    double total = 0;
    for (int v = 0; v < size; v++) {
      for (int u = 0; u < size; u++) {
        double fx = frequency(u, size);
        double fy = frequency(v, size);
        if (fx == 0 && fy == 0) {
          continue;
        }
        double doubled = 2 * Math.atan2(fy, fx);
        double p = power[v * size + u];
        c += p * Math.cos(doubled);
        // The Nyquist frequency of an even size is its own negative: half its power belongs to
        // +0.5 and half to −0.5 cycles/pixel, whose sine terms cancel.
        if (2 * u != size && 2 * v != size) {
          s += p * Math.sin(doubled);
        }
        total += p;
      }
    }
    if (total == 0) {
      return new double[] {0, 0};
    }
    // Rounding must not turn a symmetric spectrum's 0° into 179.99...°.
    double sine = Math.abs(s) < 1e-12 * total ? 0 : s;
    double angle = Math.toDegrees(Math.atan2(sine, c)) / 2;
    return new double[] {angle < 0 ? angle + 180 : angle, Math.hypot(c, s) / total};
  }
}
