package io.robustatlas.meta.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test oracle's analytic gradient ({@link DoubleTransformerNet#gradient}) against central
 * differences of its own forward pass, for every parameter of a small network with random
 * parameters (LayerNorm gains away from 1 and nonzero biases, so that no term hides behind an
 * initial value), for both losses. {@link TransformerStepTest} then trusts the oracle.
 *
 * <p>Tolerance: within 1e-6 of the larger of the gradient and 1e-3, so 1e-9 absolute for small
 * gradients. A central difference in double with step h = 1e-6 carries the rounding of the two
 * losses divided by h (a few hundred roundings of 1e-16 on a loss near 1: measured up to 3e-10)
 * and a truncation error of about h² ≈ 1e-12; the gradients are up to 0.4. A wrong term in the
 * backward pass is off by a fraction of the gradient itself.
 */
class DoubleTransformerNetTest {
  @ParameterizedTest(name = "cross-entropy {0}, {1} heads")
  @CsvSource({"false, 2", "true, 4"})
  void analyticGradientMatchesCentralDifferences(boolean crossEntropy, int heads) {
    DoubleTransformerNet net = new DoubleTransformerNet(
        new String[] {"a", "b", "c"}, new int[] {5, 3, 4}, 8, heads, 16, 2, crossEntropy);
    SplittableRandom random = new SplittableRandom(3);
    for (Map.Entry<String, double[]> param : net.params().entrySet()) {
      boolean gain = param.getKey().endsWith("_gamma");
      double[] values = param.getValue();
      for (int i = 0; i < values.length; i++) {
        values[i] = (gain ? 1 : 0) + random.nextDouble(-0.5, 0.5);
      }
    }
    int rows = 6;
    double[][] x = new double[rows][12];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < 12; f++) {
        x[r][f] = random.nextGaussian();
      }
      y[r] = crossEntropy ? r % 2 : random.nextDouble();
    }
    Map<String, double[]> analytic = net.gradient(x, y);
    double h = 1e-6;
    int checked = 0;
    for (Map.Entry<String, double[]> param : net.params().entrySet()) {
      double[] values = param.getValue();
      for (int i = 0; i < values.length; i++) {
        double start = values[i];
        values[i] = start + h;
        double up = net.loss(x, y);
        values[i] = start - h;
        double down = net.loss(x, y);
        values[i] = start;
        double numeric = (up - down) / (2 * h);
        double mine = analytic.get(param.getKey())[i];
        double gap = Math.abs(mine - numeric);
        assertTrue(gap <= 1e-6 * Math.max(Math.abs(numeric), 1e-3),
            param.getKey() + "[" + i + "]: analytic " + mine + ", numeric " + numeric);
        checked++;
      }
    }
    assertTrue(checked > 1000, checked + " parameters checked");
  }
}
