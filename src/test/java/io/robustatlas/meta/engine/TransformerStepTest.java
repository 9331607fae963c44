package io.robustatlas.meta.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's transformer meta-network ({@link TransformerLayer} inside {@link MetaNet}) against
 * {@link DoubleTransformerNet}, an independent double-precision implementation whose own gradient
 * {@link DoubleTransformerNetTest} checks by central differences. On the LeNet's activation widths
 * (256, 120, 84, 10), two layers, a minibatch of 40 N(0, 1) rows, both kernels, both losses, embed
 * 16 with 4 heads and embed 8 with 2: (a) the gradient of the mean loss, (b) the parameters after
 * one PyTorch Adam step; and both on 1 and on 2 threads, which must give the same bytes.
 *
 * <p>Tolerances. (a) Each gradient value within 1e-5 of the largest of its parameter's, that scale
 * floored at 3e-3. The engine's float32 sums (products up to 256 long, 40 rows, two layers) round
 * to a few 1e-7 of the summands: measured at most 9e-7 of the parameter's largest. The floor is for
 * the key biases {@code bk}, whose gradient is identically 0 (softmax ignores the {@code q·bk}
 * added to all of a query's scores), so the engine's is pure rounding, measured up to 3e-9; every
 * other parameter's largest gradient is above 4e-3 here.
 *
 * <p>(b) Every parameter within 1e-5 of max(|p|, 1e-2), i.e. 1e-7 absolute for a parameter near 0.
 * Adam's first step is {@code lr·g / (|g| + ε)}, about the learning rate whatever the gradient's
 * size; a gradient error δ moves it by {@code lr·ε·δ / (|g| + ε)²}, far below 1e-7 when |g| is
 * well above the engine's rounding. Where it is not, rounding decides the step (its size through ε,
 * even its sign): the key biases (layers × embed of them, always) and the rare gradient that is 0 by
 * chance. So at most the key biases plus 0.1 % of the rest may miss the strict bound (measured: the
 * key biases, or all but one of them, and at most one other), and each that does must have a double
 * gradient below 1e-6 and be within two learning rates (each side moves it by at most one). Their
 * gradients are held to (a)'s bound all the same.
 */
class TransformerStepTest {
  private static final int BATCH = 40;
  private static final double RATE = 1e-3;
  private static final double EPSILON = 1e-8;
  private static final long SEED = 7;
  private static final String[] INPUTS = {"maxpool2", "fc1", "fc2", "logits"};
  private static final int[] WIDTHS = {256, 120, 84, 10};

  @ParameterizedTest(name = "embed {0}, {1} heads, {2} on {3}")
  @CsvSource({
    "16, 4, MSE, vector",
    "16, 4, XENT, scalar",
    "8, 2, MSE, scalar",
    "8, 2, XENT, vector"
  })
  void gradientMatchesTheDoubleNetwork(int embed, int heads, NetSpec.Loss loss, String kernels) {
    MetaNet net = MetaNet.create(spec(embed, heads, loss), SEED);
    Examples data = examples(net.spec());
    Map<String, double[]> expected = oracle(net).gradient(features(data), targets(data));
    float[] engine = gradient(net, kernels, data, 1);
    assertArrayEquals(bits(engine), bits(gradient(net, kernels, data, 2)), "1 and 2 threads");
    for (ParamLayout.Param param : net.layout().params()) {
      double[] g = expected.get(param.name());
      double scale = Math.max(maxAbs(g), 3e-3);
      for (int i = 0; i < g.length; i++) {
        float mine = engine[param.offset() + i];
        assertTrue(Math.abs(mine - g[i]) <= 1e-5 * scale,
            param.name() + "[" + i + "]: engine " + mine + ", double " + g[i]);
      }
    }
  }

  @ParameterizedTest(name = "embed {0}, {1} heads, {2} on {3}")
  @CsvSource({
    "16, 4, MSE, vector",
    "16, 4, XENT, scalar",
    "8, 2, MSE, scalar",
    "8, 2, XENT, vector"
  })
  void oneAdamStepMatchesTheDoubleNetwork(int embed, int heads, NetSpec.Loss loss, String kernels) {
    NetSpec spec = spec(embed, heads, loss);
    MetaNet net = MetaNet.create(spec, SEED);
    Examples data = examples(spec);
    DoubleTransformerNet oracle = oracle(net);
    Map<String, double[]> gradient = oracle.gradient(features(data), targets(data));
    MetaNet twoThreads = MetaNet.create(spec, SEED);
    step(net, kernels, data, 1);
    step(twoThreads, kernels, data, 2);
    assertArrayEquals(bits(net.params()), bits(twoThreads.params()), "1 and 2 threads");
    List<Miss> misses = new ArrayList<>();
    for (ParamLayout.Param param : net.layout().params()) {
      double[] start = oracle.params().get(param.name());
      double[] g = gradient.get(param.name());
      for (int i = 0; i < g.length; i++) {
        double expected = start[i] - adamStep(g[i]);
        double gap = Math.abs(net.params()[param.offset() + i] - expected);
        if (!(gap <= 1e-5 * Math.max(Math.abs(expected), 1e-2))) {
          misses.add(new Miss(param.name() + "[" + i + "]", g[i], gap));
        }
      }
    }
    int keyBiases = spec.layers() * embed;
    assertTrue(misses.size() <= keyBiases + net.layout().size() / 1000,
        misses.size() + " off the strict bound: " + misses.subList(0, Math.min(3, misses.size())));
    for (Miss miss : misses) {
      assertTrue(Math.abs(miss.gradient()) < 1e-6 && miss.gap() <= 2 * RATE, miss.toString());
    }
  }

  /** A parameter off the strict bound: its double gradient, its distance from the double step. */
  private record Miss(String where, double gradient, double gap) {}

  /** PyTorch's first Adam step in double: {@code lr / (1 − β1) · m / (√v / √(1 − β2) + ε)}. */
  private static double adamStep(double g) {
    double m = 0.1 * g;
    double v = 0.001 * g * g;
    return RATE / (1 - 0.9) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999) + EPSILON);
  }

  private static float[] gradient(MetaNet net, String kernels, Examples data, int threads) {
    try (NetTrainer trainer = trainer(net, kernels, threads)) {
      return trainer.gradient(data, IntStream.range(0, BATCH).toArray(), 0, BATCH);
    }
  }

  private static void step(MetaNet net, String kernels, Examples data, int threads) {
    try (NetTrainer trainer = trainer(net, kernels, threads)) {
      trainer.step(data, IntStream.range(0, BATCH).toArray(), 0, BATCH);
    }
  }

  private static NetTrainer trainer(MetaNet net, String kernels, int threads) {
    Kernels chosen = kernels.equals("vector") ? Kernels.vector() : Kernels.scalar();
    return new NetTrainer(net, chosen, RATE, EPSILON, BATCH, threads);
  }

  private static NetSpec spec(int embed, int heads, NetSpec.Loss loss) {
    List<NetSpec.Input> inputs = IntStream.range(0, INPUTS.length)
        .mapToObj(v -> new NetSpec.Input(INPUTS[v], WIDTHS[v]))
        .toList();
    return new NetSpec(NetSpec.Body.TRANSFORMER, inputs, embed, 2, heads, 2 * embed, loss);
  }

  /** N(0, 1) features; targets U(0, 1) for squared error, 0 or 1 for cross-entropy. */
  private static Examples examples(NetSpec spec) {
    SplittableRandom random = new SplittableRandom(11);
    int width = spec.featureCount();
    float[] x = new float[BATCH * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] y = new float[BATCH];
    for (int r = 0; r < BATCH; r++) {
      y[r] = spec.loss() == NetSpec.Loss.MSE ? (float) random.nextDouble() : random.nextInt(2);
    }
    return new Examples(x, y, width);
  }

  /** The double network with the engine network's parameters, matched by name and shape. */
  private static DoubleTransformerNet oracle(MetaNet net) {
    NetSpec spec = net.spec();
    DoubleTransformerNet oracle = new DoubleTransformerNet(INPUTS, WIDTHS, spec.embed(),
        spec.heads(), spec.ff(), spec.layers(), spec.loss() == NetSpec.Loss.XENT);
    assertEquals(net.layout().params().size(), oracle.params().size(), "parameter count");
    for (Map.Entry<String, double[]> entry : oracle.params().entrySet()) {
      ParamLayout.Param param = net.layout().param(entry.getKey());
      assertArrayEquals(new int[] {param.rows(), param.cols()}, oracle.shape(entry.getKey()),
          entry.getKey());
      for (int i = 0; i < param.size(); i++) {
        entry.getValue()[i] = net.params()[param.offset() + i];
      }
    }
    return oracle;
  }

  private static double[][] features(Examples data) {
    double[][] x = new double[data.count()][data.width()];
    for (int r = 0; r < data.count(); r++) {
      for (int f = 0; f < data.width(); f++) {
        x[r][f] = data.features()[r * data.width() + f];
      }
    }
    return x;
  }

  private static double[] targets(Examples data) {
    double[] y = new double[data.count()];
    for (int r = 0; r < y.length; r++) {
      y[r] = data.targets()[r];
    }
    return y;
  }

  private static double maxAbs(double[] values) {
    double max = 0;
    for (double value : values) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }

  /** The raw bits, so that equal means the same bytes. */
  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
