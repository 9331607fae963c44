package io.robustatlas.meta.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DoubleGruNet}'s analytic gradient against central differences of its own double forward
 * pass, for every parameter of a small three-layer network with random weights and biases (the
 * biases nonzero, so that where {@code Rb_n} enters, inside r's product, matters). This is what
 * makes the oracle of {@link GruStepTest} trustworthy: its gradient is the derivative of the loss
 * it computes, and its loss is the network written out directly.
 */
class DoubleGruNetTest {
  private static final List<String> INPUTS = List.of("a", "b", "c");
  private static final int[] WIDTHS = {5, 3, 4};
  private static final int EMBED = 4;
  private static final int LAYERS = 3;
  private static final int ROWS = 6;

  @ParameterizedTest
  @EnumSource(DoubleGruNet.Loss.class)
  void gradientIsTheLossDerivative(DoubleGruNet.Loss loss) {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, double[]> params = new LinkedHashMap<>();
    DoubleGruNet.shapes(INPUTS, WIDTHS, EMBED, LAYERS).forEach((name, size) -> {
      double[] values = new double[size];
      for (int k = 0; k < size; k++) {
        values[k] = 0.5 * random.nextGaussian();
      }
      params.put(name, values);
    });
    double[][] x = new double[ROWS][12];
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      for (int f = 0; f < x[i].length; f++) {
        x[i][f] = random.nextGaussian();
      }
      y[i] = loss == DoubleGruNet.Loss.SQUARED ? random.nextDouble() : i % 2;
    }
    DoubleGruNet net = new DoubleGruNet(INPUTS, WIDTHS, EMBED, LAYERS, loss, params);
    Map<String, double[]> analytic = net.gradient(x, y);
    // h = 1e-6: the curvature term (~h²·L''' ≈ 1e-12) and the rounding of the two losses
    // (~1e-16·L / h ≈ 1e-10) are both far below the 1e-8 absolute and 1e-6 relative allowed.
    double h = 1e-6;
    int checked = 0;
    for (Map.Entry<String, double[]> entry : params.entrySet()) {
      double[] values = entry.getValue();
      for (int k = 0; k < values.length; k++) {
        double start = values[k];
        values[k] = start + h;
        double up = net.loss(x, y);
        values[k] = start - h;
        double down = net.loss(x, y);
        values[k] = start;
        double numeric = (up - down) / (2 * h);
        double mine = analytic.get(entry.getKey())[k];
        assertTrue(Math.abs(mine - numeric) <= 1e-8 + 1e-6 * Math.abs(numeric),
            entry.getKey() + "[" + k + "]: analytic " + mine + ", numeric " + numeric);
        checked++;
      }
    }
    assertTrue(checked == 12 * EMBED + EMBED * 3 + LAYERS * (2 * EMBED * 3 * EMBED + 6 * EMBED)
        + EMBED + 1, checked + " parameters checked");
  }
}
