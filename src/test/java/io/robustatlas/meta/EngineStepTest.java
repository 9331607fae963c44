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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One Adam step of the engine against DL4J's own {@code ComputationGraph.fit} on the same minibatch
 * from the same weights, for every body DL4J expresses, both tasks, on both kernels. DL4J's Adam
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
    "attention, regression, scalar",
    "attention, classification, vector",
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
    assertSameParams(graph, gradient, net, meta.learningRate(), epsilon);
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
   * gradient ({@link #dl4jDoublesTheEncodersGradient}), and each attention layer the gradient of
   * every parameter below its output ({@link #dl4jBackpropagatesTheAttentionUnscaled}); Adam's
   * step does not change when a parameter's gradient is scaled, except through ε, so with ε ≈ 0 on
   * both sides the two steps must agree although the gradients differ by those factors. The MLP,
   * which has no such vertex, checks PyTorch's ε placement against DL4J's.
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
    double numeric = centralDifference(graph, batch, name, 0, 0);
    assertEquals(numeric, mine, 0.02 * Math.abs(numeric), "engine against central difference");
    assertEquals(2 * numeric, dl4j, 0.04 * Math.abs(numeric), "DL4J against twice the central difference");
  }

  /**
   * DL4J 1.0.0-M2's attention layer computes softmax(q·k / √d) forward but backpropagates as if it
   * were softmax(q·k) (SameDiff runs nd4j's bp op without its normalisation), and doubles the
   * gradient; the engine follows the first so that it fits what DL4J fits. On the last layer's Wq,
   * where the 1/√d = 1/2 matters most: DL4J's gradient is twice the engine's, and the engine's is
   * not the central difference of the score.
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
    double numeric = centralDifference(graph, batch, name, 0, 0, 0);
    assertEquals(dl4j / 2, mine, 1e-4 * Math.abs(mine), "engine against half DL4J's gradient");
    assertTrue(Math.abs(mine - numeric) > 0.5 * Math.abs(numeric), mine + " against central difference " + numeric);
  }

  /**
   * The derivative of DL4J's mean loss in element {@code index} of parameter {@code name}, by
   * central difference in float32: h = 1e-2 keeps rounding (~1e-7 / h) and the curvature term
   * (~h²) near 1e-5 of the gradient.
   */
  static double centralDifference(ComputationGraph graph, MultiDataSet batch, String name, long... index) {
    INDArray param = graph.paramTable().get(name);
    float start = param.getFloat(index);
    double h = 1e-2;
    param.putScalar(index, start + h);
    double up = graph.score(batch);
    param.putScalar(index, start - h);
    double down = graph.score(batch);
    param.putScalar(index, start);
    return (up - down) / (2 * h);
  }

  /**
   * Every parameter whose gradient is clear of Adam's ε (the engine's, {@code epsilon}) within 1e-5
   * relative; one whose gradient is within 100 ε of 0 (its step, lr·g / (|g| + ε), is then set by
   * the float rounding of g) only within one step, and such parameters must be rare. With the
   * sequence bodies' ε ≈ 0 no gradient is near ε, so every parameter is held to 1e-5: the LSTM's
   * small recurrent gradients (a few percent of its RW below 1e-6, none near rounding) included.
   */
  static void assertSameParams(
      ComputationGraph graph, Map<String, INDArray> gradient, MetaNet net, double rate,
      double epsilon) {
    int moved = 0;
    int nearEpsilon = 0;
    double worst = 0;
    String where = "";
    for (ParamLayout.Param param : net.layout().params()) {
      INDArray reference = graph.paramTable().get(param.name());
      INDArray g = gradient.get(param.name());
      float[] mine = net.params();
      for (int r = 0; r < param.rows(); r++) {
        for (int c = 0; c < param.cols(); c++) {
          float expected = EngineNets.element(reference, param, r, c);
          float actual = mine[param.offset() + r * param.cols() + c];
          moved++;
          double gap = Math.abs(expected - actual);
          if (Math.abs(EngineNets.element(g, param, r, c)) < 100 * epsilon) {
            nearEpsilon++;
            assertTrue(gap <= 1.01 * rate, param.name() + "[" + r + "][" + c + "] off by " + gap);
            continue;
          }
          double relative = gap / Math.max(Math.abs(expected), 1e-2);
          if (relative > worst) {
            worst = relative;
            where = param.name() + "[" + r + "][" + c + "]";
          }
        }
      }
    }
    assertTrue(nearEpsilon <= net.layout().size() / 200, nearEpsilon + " gradients near ε");
    assertTrue(worst <= 1e-5, "worst relative gap " + worst + " at " + where);
    assertTrue(moved == net.layout().size(), "every parameter compared");
    assertTrue(rate > 0);
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
