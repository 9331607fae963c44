package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.ConfigLoader;
import io.robustatlas.config.MetaConfig;
import io.robustatlas.meta.engine.Examples;
import io.robustatlas.meta.engine.Kernels;
import io.robustatlas.meta.engine.MetaNet;
import io.robustatlas.meta.engine.NetTrainer;
import io.robustatlas.meta.engine.ParamLayout;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One Adam step of the engine against DL4J's own {@code ComputationGraph.fit} on the same minibatch
 * from the same weights, for the RNN, LSTM and MLP bodies, both tasks, on both kernels; for the
 * attention body, whose DL4J backward pass is not its forward pass's gradient, against a step
 * computed from central differences of DL4J's forward pass ({@link
 * #attentionStepsAsDl4jsForwardDictates}). DL4J's Adam
 * adds ε to √v before the bias correction and PyTorch's (the engine's) after it; at step 1 the two
 * agree exactly when DL4J's ε is PyTorch's times √(1 − β2), so the test sets it so.
 *
 * <p>Tolerance: every parameter within 1e-5 of its size (relative, floored at 1e-3 of a typical
 * weight, 1e-2, so a parameter near 0 is held to 1e-7 absolute). Both sides compute in float32: the
 * gradients agree to a few float roundings (~1e-6 relative), and a step of Adam moves a parameter
 * by about the learning rate (1e-3) whatever its gradient's size, so the parameter after the step
 * agrees to ~1e-9 absolute where the gradient is well above rounding. The networks are small
 * (embed 16) so that no gradient sits at the level of rounding, where Adam's sign would flip.
 */
class EngineStepTest {
  private static final int BATCH = 40;

  @ParameterizedTest(name = "{0} {1} on {2}")
  @CsvSource({
    "mlp, regression, vector",
    "mlp, classification, scalar",
    "rnn, regression, scalar",
    "rnn, classification, vector",
    "lstm, regression, vector",
    "lstm, classification, scalar",
  })
  void oneAdamStepMatchesDl4j(String arch, String task, String kernels) {
    MetaConfig meta = meta();
    MetaArch body = MetaArch.valueOf(arch.toUpperCase());
    MetaTask goal = MetaTask.valueOf(task.toUpperCase());
    ComputationGraph graph =
        new ComputationGraph(MetaNetworks.configuration(meta, body, goal, referenceAdam(meta, body)));
    graph.init();
    MetaNetworks.initialise(graph, 7);
    MetaNet net = EngineNets.create(meta, body, goal, 7);
    List<MetaBatches.Example> examples = examples(meta.featureCount(), BATCH);
    MetaBatches batches = new MetaBatches(NetworkFit.widths(meta), goal.target());
    Map<String, INDArray> gradient = gradient(graph, batches.batch(examples), BATCH);
    graph.fit(batches.batch(examples));
    Kernels chosen = kernels.equals("vector") ? Kernels.vector() : Kernels.scalar();
    double epsilon = body.sequential() ? TINY_EPSILON : 1e-8;
    try (NetTrainer trainer = new NetTrainer(net, chosen, meta.learningRate(), epsilon, BATCH, 2)) {
      trainer.step(toExamples(examples), IntStream.range(0, BATCH).toArray(), 0, BATCH);
    }
    assertSameParams(graph.paramTable(), gradient, net, meta.learningRate(), epsilon, k -> true);
  }

  /** DL4J's gradient of the mean loss at the graph's parameters, per parameter. */
  static Map<String, INDArray> gradient(ComputationGraph graph, MultiDataSet batch, int rows) {
    ComputationGraph copy = graph.clone();
    copy.setInputs(batch.getFeatures());
    copy.setLabels(batch.getLabels());
    copy.computeGradientAndScore();
    Map<String, INDArray> gradient = new HashMap<>();
    copy.gradient().gradientForVariable().forEach((name, g) -> gradient.put(name, g.div(rows)));
    return gradient;
  }

  /**
   * Adam's ε on both sides for the sequence bodies. DL4J's stacking vertex doubles the encoders'
   * gradient ({@link #dl4jDoublesTheEncodersGradient}); Adam's step does not change when a
   * parameter's gradient is scaled, except through ε, so with ε ≈ 0 on both sides the two steps
   * must agree although the gradients differ by that factor. The MLP, which has no such vertex,
   * checks PyTorch's ε placement against DL4J's.
   */
  static final double TINY_EPSILON = 1e-30;

  /** The reference's Adam: for the MLP, DL4J's with the ε that makes its first step PyTorch's. */
  static Adam referenceAdam(MetaConfig meta, MetaArch arch) {
    double epsilon = arch.sequential() ? TINY_EPSILON : 1e-8 * Math.sqrt(1 - 0.999);
    return Adam.builder().learningRate(meta.learningRate()).epsilon(epsilon).build();
  }

  /**
   * DL4J 1.0.0-M2 backpropagates twice the gradient through the SameDiff stacking vertex into the
   * encoders, while the engine's encoder gradient is the true one: both against a central
   * difference of DL4J's own score.
   */
  @Test
  void dl4jDoublesTheEncodersGradient() {
    MetaConfig meta = meta();
    ComputationGraph graph = MetaNetworks.create(meta, MetaArch.RNN, MetaTask.REGRESSION, 7);
    MetaNet net = EngineNets.create(meta, MetaArch.RNN, MetaTask.REGRESSION, 7);
    List<MetaBatches.Example> examples = examples(meta.featureCount(), BATCH);
    MultiDataSet batch = new MetaBatches(NetworkFit.widths(meta), "ratio").batch(examples);
    String name = "encode_fc2_b";
    double dl4j = gradient(graph, batch, BATCH).get(name).getDouble(0, 0);
    float[] engine;
    try (NetTrainer trainer = new NetTrainer(net, Kernels.scalar(), meta.learningRate(), BATCH, 1)) {
      engine = trainer.gradient(toExamples(examples), IntStream.range(0, BATCH).toArray(), 0, BATCH);
    }
    double mine = engine[net.layout().param(name).offset()];
    // 2 % tells a factor 2 from the truth.
    double numeric = centralDifference(graph.convertDataType(DataType.DOUBLE), batch, name, 0, 0);
    assertEquals(numeric, mine, 0.02 * Math.abs(numeric), "engine against central difference");
    assertEquals(2 * numeric, dl4j, 0.04 * Math.abs(numeric), "DL4J against twice the central difference");
  }

  /**
   * DL4J 1.0.0-M2's attention layer computes softmax(q·k / √d) forward but backpropagates as if it
   * were softmax(q·k) (SameDiff runs nd4j's bp op without its normalisation), and doubles the
   * gradient; the engine's gradient is the true one. On the last layer's Wq, where the 1/√d = 1/2
   * matters most: the engine's gradient is the central difference of DL4J's score, and DL4J's own
   * gradient is neither that nor twice that.
   */
  @Test
  void dl4jBackpropagatesTheAttentionUnscaled() {
    MetaConfig meta = meta();
    ComputationGraph graph = MetaNetworks.create(meta, MetaArch.ATTENTION, MetaTask.REGRESSION, 7);
    MetaNet net = EngineNets.create(meta, MetaArch.ATTENTION, MetaTask.REGRESSION, 7);
    List<MetaBatches.Example> examples = examples(meta.featureCount(), BATCH);
    MultiDataSet batch = new MetaBatches(NetworkFit.widths(meta), "ratio").batch(examples);
    String name = "attention_2_Wq";
    double dl4j = gradient(graph, batch, BATCH).get(name).getDouble(0, 0, 0);
    float[] engine;
    try (NetTrainer trainer = new NetTrainer(net, Kernels.scalar(), meta.learningRate(), BATCH, 1)) {
      engine = trainer.gradient(toExamples(examples), IntStream.range(0, BATCH).toArray(), 0, BATCH);
    }
    // DL4J's [0, 0, 0] (head 0, row 0, input 0) is the engine's [0][0].
    double mine = engine[net.layout().param(name).offset()];
    double numeric = centralDifference(graph.convertDataType(DataType.DOUBLE), batch, name, 0, 0, 0);
    // 1e-3: the engine's rounding is ~1e-6 of the largest Wq gradient, ~1e-4 of this one's.
    assertEquals(numeric, mine, 1e-3 * Math.abs(numeric), "engine against central difference");
    assertTrue(Math.abs(dl4j - numeric) > 0.5 * Math.abs(numeric), dl4j + " against central difference " + numeric);
    assertTrue(Math.abs(dl4j / 2 - numeric) > 0.5 * Math.abs(numeric), dl4j + " against twice " + numeric);
  }

  /**
   * The attention body against DL4J's own forward pass, which the engine fits (DL4J's backward
   * pass is not its gradient, {@link #dl4jBackpropagatesTheAttentionUnscaled}), from the same
   * weights on the same minibatch: (a) the engine's outputs against the float DL4J graph's, within
   * 1e-5 relative (both float32, summing hundreds of terms in other orders: measured ≤ 9e-7);
   * (b) the engine's gradient of the mean loss against central differences of DL4J's score in
   * double precision ({@link #forwardGradient}), within {@link #GRADIENT_TOLERANCE}; (c) one step
   * of the engine's Adam (PyTorch's ε 1e-8) against PyTorch's first Adam step computed in double
   * from that gradient, as {@link #assertSameParams} holds the other bodies' steps (1 of the
   * 3,217 reference gradients is within 100 ε of 0). (b) and (c) on the sampled elements ({@link
   * #SAMPLED}); the central differences depend on the task only, so both kernels share them.
   */
  @ParameterizedTest(name = "attention {0} on {1}")
  @CsvSource({
    "regression, vector",
    "regression, scalar",
    "classification, vector",
    "classification, scalar",
  })
  void attentionStepsAsDl4jsForwardDictates(String task, String kernels) {
    MetaConfig meta = meta();
    MetaTask goal = MetaTask.valueOf(task.toUpperCase());
    ComputationGraph graph = MetaNetworks.create(meta, MetaArch.ATTENTION, goal, 7);
    MetaNet net = EngineNets.create(meta, MetaArch.ATTENTION, goal, 7);
    List<MetaBatches.Example> examples = examples(meta.featureCount(), BATCH);
    MultiDataSet batch = new MetaBatches(NetworkFit.widths(meta), goal.target()).batch(examples);
    Map<String, INDArray> reference =
        FORWARD_GRADIENTS.computeIfAbsent(goal, key -> forwardGradient(graph, batch, net.layout()));
    Kernels chosen = kernels.equals("vector") ? Kernels.vector() : Kernels.scalar();
    Examples data = toExamples(examples);
    int[] order = IntStream.range(0, BATCH).toArray();
    try (NetTrainer trainer = new NetTrainer(net, chosen, meta.learningRate(), BATCH, 1)) {
      assertSameOutputs(graph.output(false, batch.getFeatures())[0], trainer.predict(data));
      assertGradientNear(reference, trainer.gradient(data, order, 0, BATCH), net.layout());
      trainer.step(data, order, 0, BATCH);
    }
    Map<String, INDArray> stepped = firstAdamStep(graph.paramTable(), reference, meta.learningRate());
    assertSameParams(stepped, reference, net, meta.learningRate(), PYTORCH_EPSILON, SAMPLED);
  }

  /** The engine's Adam's default ε, PyTorch's. */
  private static final double PYTORCH_EPSILON = 1e-8;

  /**
   * The elements whose gradient is taken by central differences, by their index in the engine's
   * parameter vector: every third (3,217 of 9,649). A double DL4J score of this network costs ~3 ms
   * of CPU (its SameDiff stacking vertex and attention layers run op by op, each call through
   * SameDiff's session; the MLP's score, without SameDiff, ~0.8 ms), so all of them would take over
   * a minute per task; the third takes ~20 s. 3 is prime to the widths (16, 4 heads of 4), so
   * every row, column and head of every matrix is sampled.
   */
  static final IntPredicate SAMPLED = k -> k % 3 == 0;

  /** {@link #forwardGradient} per task, shared by both kernels' runs. */
  private static final Map<MetaTask, Map<String, INDArray>> FORWARD_GRADIENTS =
      new EnumMap<>(MetaTask.class);

  /**
   * The engine's gradient against central differences, relative to the parameter's largest
   * gradient: the engine sums in float32 terms of about that size (over the rows, steps and
   * heads), a few dozen roundings of 6e-8 each, and a gradient near 0 is such a sum's cancellation,
   * so its error is not relative to itself. Measured: at most 1.3e-6 (attention_2_Wq), 8 times
   * below; the central differences are good to ~1e-7 of that size ({@link #centralDifference}).
   */
  static final double GRADIENT_TOLERANCE = 1e-5;

  /**
   * DL4J's gradient of the mean loss in its own arrays (DL4J's shapes, double), by central
   * differences of its score in double precision on the {@link #SAMPLED} elements (0 elsewhere).
   */
  static Map<String, INDArray> forwardGradient(
      ComputationGraph graph, MultiDataSet batch, ParamLayout layout) {
    ComputationGraph precise = graph.convertDataType(DataType.DOUBLE);
    Map<String, INDArray> gradient = new HashMap<>();
    precise.paramTable().forEach((name, value) -> gradient.put(name, Nd4j.zerosLike(value)));
    forEachElement(layout, SAMPLED, (param, r, c, k) -> {
      INDArray g = gradient.get(param.name());
      long[] index = EngineNets.index(g, r, c);
      g.putScalar(index, centralDifference(precise, batch, param.name(), index));
    });
    return gradient;
  }

  /**
   * The derivative of {@code precise}'s score (the mean loss; a graph in double precision, which
   * casts the float batch) in element {@code index} of parameter {@code name}: a central
   * difference with h = 1e-6 of the element's size, floored at 0.1 (a typical weight). On the
   * attention network, against the same at 10 h and at h / 10, it moves by at most 1e-6 and 8e-6
   * of the largest of its parameter's gradients it was tried on: rounding (∝ 1 / h) dominates,
   * truncation (∝ h²) is below 1e-8, so at h it is good to ~1e-7 of its parameter's largest
   * gradient.
   */
  static double centralDifference(
      ComputationGraph precise, MultiDataSet batch, String name, long... index) {
    INDArray param = precise.paramTable().get(name);
    double start = param.getDouble(index);
    double h = 1e-6 * Math.max(Math.abs(start), 0.1);
    param.putScalar(index, start + h);
    double up = precise.score(batch);
    param.putScalar(index, start - h);
    double down = precise.score(batch);
    param.putScalar(index, start);
    return (up - down) / (2 * h);
  }

  /** The engine's outputs against DL4J's, row by row, within 1e-5 relative. */
  static void assertSameOutputs(INDArray dl4j, float[] mine) {
    for (int r = 0; r < mine.length; r++) {
      double expected = dl4j.getDouble(r, 0);
      assertEquals(expected, mine[r], 1e-5 * Math.abs(expected), "output of row " + r);
    }
  }

  /**
   * The engine's gradient against the reference on the {@link #SAMPLED} elements, each within
   * {@link #GRADIENT_TOLERANCE} of its parameter's largest reference gradient.
   */
  static void assertGradientNear(
      Map<String, INDArray> reference, float[] mine, ParamLayout layout) {
    Worst worst = new Worst();
    forEachElement(layout, SAMPLED, (param, r, c, k) -> {
      INDArray g = reference.get(param.name());
      worst.see(Math.abs(mine[k] - at(g, r, c)) / g.amaxNumber().doubleValue(), param, r, c);
    });
    worst.assertAtMost(GRADIENT_TOLERANCE, "gradient");
  }

  /**
   * {@code params} after PyTorch's first Adam step from {@code gradient}, in double: m = 0.1·g,
   * v = 0.001·g², p −= lr / (1 − 0.9) · m / (√v / √(1 − 0.999) + ε), ε = 1e-8.
   */
  static Map<String, INDArray> firstAdamStep(
      Map<String, INDArray> params, Map<String, INDArray> gradient, double rate) {
    Map<String, INDArray> stepped = new HashMap<>();
    gradient.forEach((name, g) -> {
      INDArray m = g.mul(0.1);
      INDArray v = g.mul(g).muli(0.001);
      INDArray denominator = Transforms.sqrt(v).divi(Math.sqrt(1 - 0.999)).addi(PYTORCH_EPSILON);
      INDArray step = m.divi(denominator).muli(rate / (1 - 0.9));
      stepped.put(name, params.get(name).castTo(DataType.DOUBLE).subi(step));
    });
    return stepped;
  }

  /** Receives one element of the engine's parameters: its parameter, row, column and index. */
  interface ElementVisitor {
    void visit(ParamLayout.Param param, int r, int c, int k);
  }

  /** Visits the elements of {@code layout} that {@code sampled} accepts, in the engine's order. */
  static void forEachElement(ParamLayout layout, IntPredicate sampled, ElementVisitor visitor) {
    for (ParamLayout.Param param : layout.params()) {
      for (int r = 0; r < param.rows(); r++) {
        for (int c = 0; c < param.cols(); c++) {
          int k = param.offset() + r * param.cols() + c;
          if (sampled.test(k)) {
            visitor.visit(param, r, c, k);
          }
        }
      }
    }
  }

  /**
   * The engine's parameters after its step against {@code expected} (in DL4J's arrays), each one
   * {@code compared} accepts. Every parameter whose gradient ({@code gradient}, the reference's)
   * is clear of Adam's ε (the engine's, {@code epsilon}) within 1e-5 relative; one whose gradient is within 100 ε of 0 (its step, lr·g / (|g| + ε), is then set by
   * the float rounding of g) only within one step, and such parameters must be rare. With the
   * sequence bodies' ε ≈ 0 no gradient is near ε, so every parameter is held to 1e-5: the LSTM's
   * small recurrent gradients (a few percent of its RW below 1e-6, none near rounding) included.
   */
  static void assertSameParams(
      Map<String, INDArray> expected, Map<String, INDArray> gradient, MetaNet net, double rate,
      double epsilon, IntPredicate compared) {
    int[] counts = new int[2];
    Worst worst = new Worst();
    float[] mine = net.params();
    forEachElement(net.layout(), compared, (param, r, c, k) -> {
      counts[0]++;
      double reference = at(expected.get(param.name()), r, c);
      double gap = Math.abs(reference - mine[k]);
      if (Math.abs(at(gradient.get(param.name()), r, c)) < 100 * epsilon) {
        counts[1]++;
        assertTrue(gap <= 1.01 * rate, param.name() + "[" + r + "][" + c + "] off by " + gap);
      } else {
        worst.see(gap / Math.max(Math.abs(reference), 1e-2), param, r, c);
      }
    });
    assertTrue(counts[0] > 0, "no parameter compared");
    assertTrue(counts[1] <= counts[0] / 200, counts[1] + " gradients near ε");
    worst.assertAtMost(1e-5, "parameters after the step");
    assertTrue(rate > 0);
  }

  /** Element (r, c) of the engine's matrix in DL4J's array of that role, as a double. */
  static double at(INDArray value, int r, int c) {
    return value.getDouble(EngineNets.index(value, r, c));
  }

  /** The largest relative gap seen and where; NaN, once seen, stays (and fails). */
  private static final class Worst {
    private double gap;
    private String where = "nowhere";

    void see(double relative, ParamLayout.Param param, int r, int c) {
      if (!Double.isNaN(gap) && !(relative <= gap)) {
        gap = relative;
        where = param.name() + "[" + r + "][" + c + "]";
      }
    }

    void assertAtMost(double tolerance, String what) {
      assertTrue(gap <= tolerance, what + ": worst relative gap " + gap + " at " + where);
    }
  }

  static MetaConfig meta() {
    return ConfigLoader.load(
            new File("conf/default.conf"),
            List.of("meta.embed=16", "meta.layers=2", "meta.heads=4", "meta.batch-size=" + BATCH))
        .meta();
  }

  /** Rows of N(0, 1) features with targets U(0, 1) rounded for classification by the caller's task. */
  static List<MetaBatches.Example> examples(int features, int count) {
    SplittableRandom random = new SplittableRandom(11);
    List<MetaBatches.Example> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] x = new float[features];
      for (int f = 0; f < features; f++) {
        x[f] = (float) random.nextGaussian();
      }
      examples.add(new MetaBatches.Example(x, i % 2 == 0 ? (float) random.nextDouble() : i % 4 / 3));
    }
    return examples;
  }

  static Examples toExamples(List<MetaBatches.Example> examples) {
    int width = examples.get(0).features().length;
    float[] features = new float[examples.size() * width];
    float[] targets = new float[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      System.arraycopy(examples.get(i).features(), 0, features, i * width, width);
      targets[i] = examples.get(i).target();
    }
    return new Examples(features, targets, width);
  }
}
