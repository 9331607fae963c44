package io.robustatlas.meta.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine's {@code gru} network (float32, {@link GruLayer}) against {@link DoubleGruNet}, an
 * independent double-precision version of the whole network whose gradient {@link
 * DoubleGruNetTest} checks against central differences: the gradient of the mean loss and one
 * Adam step on both kernels and both losses, and the same bytes on 1 and 2 threads. The engine's
 * biases are set to random values first (they start at 0), so that every bias, and where {@code
 * Rb_n} enters the candidate, is seen.
 *
 * <p>Gradient tolerance: each element within 1e-4 of itself plus 1e-5 of its parameter's largest
 * element. The engine sums each element in float32 over 40 rows, 4 steps and up to 256 inputs,
 * so it carries a few float roundings (6e-8 each) of the sum of the terms' sizes; an element that
 * is small by cancellation is only as exact as its parameter's large ones, hence the floor. The
 * measured gaps reach 4 % of the bound; a wrong gate or bias is off by far more.
 *
 * <p>Adam tolerance: every parameter after the step within 1e-5 of max(|p|, 1e-2) of PyTorch's
 * first step computed in double from the double gradient. That step is {@code lr·g / (|g| + ε)},
 * about lr (1e-3) whatever g's size, and an error Δg in g moves it by {@code lr·ε·Δg / g²}: far
 * below the tolerance while |g| ≥ 1e-6 (the measured worst is 2e-7 relative). Below that the
 * float rounding of g decides the step (within ε of 0, even its sign), so such a parameter is
 * held instead to the steps of the gradients the gradient check allows around the double one
 * (Adam's step grows with g, so those two ends bound it), and at most 1 % of the parameters may
 * be such (measured: 0.6 % for MSE, whose gradients are smaller, 0.1 % for cross-entropy).
 *
 * <p>Threads: the bytes are compared on the scalar kernels. The vector kernels' tanh and sigmoid
 * round differently once C2 has compiled them to the Vector API's intrinsics than before (a few
 * values in a thousand differ in the last bit), so their bytes depend on when the JIT compiles,
 * not only on the thread count, and a compilation between the two runs would fail the test.
 */
class GruStepTest {
  private static final List<String> NAMES = List.of("maxpool2", "fc1", "fc2", "logits");
  private static final int[] WIDTHS = {256, 120, 84, 10};
  private static final int EMBED = 16;
  private static final int LAYERS = 2;
  private static final int BATCH = 40;
  private static final double RATE = 1e-3;
  private static final double EPSILON = 1e-8;
  /** The gradient check's tolerance, relative to the element (see the class comment). */
  private static final double GRADIENT_RELATIVE = 1e-4;
  /** ... plus this share of its parameter's largest element (see the class comment). */
  private static final double GRADIENT_FLOOR = 1e-5;
  /** Below this |g| the float rounding of the gradient, not the network, decides Adam's step. */
  private static final double TINY_GRADIENT = 1e-6;

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"MSE, vector", "MSE, scalar", "XENT, vector", "XENT, scalar"})
  void gradientAndOneAdamStepMatchTheDoubleNetwork(NetSpec.Loss loss, String kernelName) {
    Kernels kernels = kernelName.equals("vector") ? Kernels.vector() : Kernels.scalar();
    NetSpec spec = spec(loss);
    Examples data = examples(loss);
    MetaNet net = network(spec);
    Map<String, double[]> start = byName(net);
    DoubleGruNet oracle = new DoubleGruNet(NAMES, WIDTHS, EMBED, LAYERS,
        loss == NetSpec.Loss.MSE ? DoubleGruNet.Loss.SQUARED : DoubleGruNet.Loss.CROSS_ENTROPY,
        start);
    Map<String, double[]> expected = oracle.gradient(rows(data), targets(data));
    int[] order = IntStream.range(0, BATCH).toArray();
    try (NetTrainer trainer = new NetTrainer(net, kernels, RATE, EPSILON, BATCH, 1)) {
      float[] gradient = trainer.gradient(data, order, 0, BATCH);
      assertSameGradient(net.layout(), expected, gradient);
      trainer.step(data, order, 0, BATCH);
      assertAdamStep(net, start, expected);
    }
  }

  @ParameterizedTest
  @EnumSource(NetSpec.Loss.class)
  void oneAndTwoThreadsGiveTheSameBytes(NetSpec.Loss loss) {
    Examples data = examples(loss);
    int[] order = IntStream.range(0, BATCH).toArray();
    float[][] gradients = new float[2][];
    float[][] params = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      MetaNet net = network(spec(loss));
      try (NetTrainer trainer =
          new NetTrainer(net, Kernels.scalar(), RATE, EPSILON, BATCH, threads)) {
        gradients[threads - 1] = trainer.gradient(data, order, 0, BATCH);
        trainer.step(data, order, 0, BATCH);
        trainer.step(data, order, 0, BATCH);
      }
      params[threads - 1] = net.params();
    }
    assertArrayEquals(bits(gradients[0]), bits(gradients[1]), "gradient, 1 against 2 threads");
    assertArrayEquals(bits(params[0]), bits(params[1]), "parameters after 2 steps");
  }

  private static NetSpec spec(NetSpec.Loss loss) {
    List<NetSpec.Input> inputs =
        IntStream.range(0, NAMES.size()).mapToObj(v -> new NetSpec.Input(NAMES.get(v), WIDTHS[v]))
            .toList();
    return new NetSpec(NetSpec.Body.GRU, inputs, EMBED, LAYERS, 1, 1, loss);
  }

  /** The seeded network with its biases drawn from N(0, 0.5²) instead of 0. */
  private static MetaNet network(NetSpec spec) {
    MetaNet net = MetaNet.create(spec, 7);
    SplittableRandom random = new SplittableRandom(5);
    for (ParamLayout.Param param : net.layout().params()) {
      if (!param.weight()) {
        for (int k = 0; k < param.size(); k++) {
          net.params()[param.offset() + k] = (float) (0.5 * random.nextGaussian());
        }
      }
    }
    net.refreshTransposed();
    return net;
  }

  /** N(0, 1) features; targets U(0, 1) for MSE and alternating 0 / 1 for cross-entropy. */
  private static Examples examples(NetSpec.Loss loss) {
    SplittableRandom random = new SplittableRandom(11);
    int width = IntStream.of(WIDTHS).sum();
    float[] features = new float[BATCH * width];
    float[] targets = new float[BATCH];
    for (int i = 0; i < BATCH; i++) {
      for (int f = 0; f < width; f++) {
        features[i * width + f] = (float) random.nextGaussian();
      }
      targets[i] = loss == NetSpec.Loss.MSE ? (float) random.nextDouble() : i % 2;
    }
    return new Examples(features, targets, width);
  }

  private static double[][] rows(Examples data) {
    double[][] x = new double[data.count()][data.width()];
    for (int i = 0; i < data.count(); i++) {
      for (int f = 0; f < data.width(); f++) {
        x[i][f] = data.features()[i * data.width() + f];
      }
    }
    return x;
  }

  private static double[] targets(Examples data) {
    return IntStream.range(0, data.count()).mapToDouble(i -> data.targets()[i]).toArray();
  }

  /** The network's float parameters as doubles, by name. */
  private static Map<String, double[]> byName(MetaNet net) {
    Map<String, double[]> params = new LinkedHashMap<>();
    for (ParamLayout.Param param : net.layout().params()) {
      double[] values = new double[param.size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = net.params()[param.offset() + k];
      }
      params.put(param.name(), values);
    }
    return params;
  }

  private static void assertSameGradient(
      ParamLayout layout, Map<String, double[]> expected, float[] actual) {
    assertEquals(expected.keySet(),
        layout.params().stream().map(ParamLayout.Param::name).collect(Collectors.toSet()),
        "the same parameters");
    for (ParamLayout.Param param : layout.params()) {
      double[] wanted = expected.get(param.name());
      assertEquals(param.size(), wanted.length, param.name() + " size");
      double floor = GRADIENT_FLOOR * largest(wanted);
      for (int k = 0; k < wanted.length; k++) {
        double gap = Math.abs(actual[param.offset() + k] - wanted[k]);
        assertTrue(gap <= GRADIENT_RELATIVE * Math.abs(wanted[k]) + floor,
            param.name() + "[" + k + "]: engine " + actual[param.offset() + k] + ", double "
                + wanted[k]);
      }
    }
  }

  /**
   * Every parameter after the engine's step against PyTorch's first Adam step in double from the
   * double gradient; where that gradient is below {@link #TINY_GRADIENT}, within the steps of
   * every gradient the gradient check allows instead.
   */
  private static void assertAdamStep(
      MetaNet net, Map<String, double[]> start, Map<String, double[]> expected) {
    int tiny = 0;
    double worst = 0;
    String where = "";
    for (ParamLayout.Param param : net.layout().params()) {
      double[] before = start.get(param.name());
      double[] g = expected.get(param.name());
      double allowed = GRADIENT_FLOOR * largest(g);
      for (int k = 0; k < param.size(); k++) {
        double actual = net.params()[param.offset() + k];
        double scale = Math.max(Math.abs(before[k]), 1e-2);
        if (Math.abs(g[k]) < TINY_GRADIENT) {
          tiny++;
          // Adam's step grows with g, so the gradients within the check's tolerance bound it.
          double slack = GRADIENT_RELATIVE * Math.abs(g[k]) + allowed;
          double low = adam(before[k], g[k] + slack) - 1e-5 * scale;
          double high = adam(before[k], g[k] - slack) + 1e-5 * scale;
          assertTrue(low <= actual && actual <= high, param.name() + "[" + k + "] = " + actual
              + " outside [" + low + ", " + high + "] for gradient " + g[k]);
          continue;
        }
        double relative = Math.abs(actual - adam(before[k], g[k])) / scale;
        if (relative > worst) {
          worst = relative;
          where = param.name() + "[" + k + "]";
        }
      }
    }
    assertTrue(worst <= 1e-5, "worst relative gap " + worst + " at " + where);
    assertTrue(tiny <= net.layout().size() / 100, tiny + " gradients below " + TINY_GRADIENT);
  }

  private static double largest(double[] values) {
    double largest = 0;
    for (double value : values) {
      largest = Math.max(largest, Math.abs(value));
    }
    return largest;
  }

  /** PyTorch's Adam, step 1 from m = v = 0, in double. */
  private static double adam(double p, double g) {
    double m = 0.1 * g;
    double v = 0.001 * g * g;
    return p - RATE / (1 - 0.9) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999) + EPSILON);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
