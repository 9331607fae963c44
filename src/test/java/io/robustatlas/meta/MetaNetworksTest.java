package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.ConfigLoader;
import io.robustatlas.config.MetaConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The four DL4J bodies with both heads: output shape and range, seeded weights, and that each
 * learns a target that needs its first and its last input (so every input reaches the output,
 * whatever the layout).
 */
class MetaNetworksTest {
  private static MetaConfig meta(String... overrides) {
    List<String> all = new ArrayList<>(List.of("meta.embed=16", "meta.layers=1", "meta.heads=2",
        "meta.learning-rate=0.01"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(new File("conf/default.conf"), all).meta();
  }

  private static final MetaBatches BATCHES =
      new MetaBatches(new int[] {256, 120, 84, 10}, "ratio");

  /**
   * n examples with target σ(2·(x[0] − x[469])), x[0] (first input) and x[469] (last input) drawn
   * N(0, 1); the other features are 0, so 1,024 examples suffice to learn it without overfitting.
   */
  private static List<MetaBatches.Example> examples(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<MetaBatches.Example> examples = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      float[] x = new float[470];
      x[0] = (float) random.nextGaussian();
      x[469] = (float) random.nextGaussian();
      examples.add(new MetaBatches.Example(x, (float) (1 / (1 + Math.exp(-2 * (x[0] - x[469]))))));
    }
    return examples;
  }

  @ParameterizedTest
  @EnumSource(value = MetaArch.class, names = {"RNN", "LSTM", "ATTENTION", "MLP"})
  void outputsOneProbabilityPerExampleForBothTasks(MetaArch arch) {
    for (MetaTask task : MetaTask.values()) {
      ComputationGraph network = MetaNetworks.create(meta(), arch, task, 0);
      INDArray out = network.output(false, BATCHES.inputs(examples(5, 1)))[0];
      assertEquals(5, out.size(0));
      assertEquals(1, out.size(1));
      for (int i = 0; i < 5; i++) {
        assertTrue(out.getDouble(i, 0) > 0 && out.getDouble(i, 0) < 1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = MetaArch.class, names = {"RNN", "LSTM", "ATTENTION", "MLP"})
  void weightsComeFromTheSeedWithinTheXavierBound(MetaArch arch) {
    MetaConfig meta = meta();
    ComputationGraph a = MetaNetworks.create(meta, arch, MetaTask.REGRESSION, 3);
    ComputationGraph b = MetaNetworks.create(meta, arch, MetaTask.REGRESSION, 3);
    ComputationGraph c = MetaNetworks.create(meta, arch, MetaTask.REGRESSION, 4);
    assertEquals(a.params(), b.params());
    assertNotEquals(a.params(), c.params());
    // The widest weight matrix, maxpool2 (256) → 16 (or → 470 concatenated → 16 for the MLP):
    // U(±b) with b = √(6 / (fan_in + fan_out)) has variance b²/3; 4,096+ draws put the sample
    // variance within 10% of it (its relative standard error is about 2%).
    String name = arch == MetaArch.MLP ? "dense_1_W" : "encode_maxpool2_W";
    INDArray w = a.getParam(name);
    double bound = Math.sqrt(6.0 / (w.size(0) + w.size(1)));
    assertTrue(w.amaxNumber().doubleValue() <= bound);
    double variance = w.varNumber().doubleValue();
    assertEquals(bound * bound / 3, variance, 0.1 * bound * bound / 3);
    assertEquals(0.0, a.getParam(arch == MetaArch.MLP ? "dense_1_b" : "encode_fc1_b").amaxNumber().doubleValue());
  }

  @ParameterizedTest
  @EnumSource(value = MetaArch.class, names = {"RNN", "LSTM", "ATTENTION", "MLP"})
  void learnsATargetThatNeedsTheFirstAndTheLastInput(MetaArch arch) {
    ComputationGraph network = MetaNetworks.create(meta(), arch, MetaTask.REGRESSION, 0);
    List<MetaBatches.Example> train = examples(1024, 2);
    for (int epoch = 0; epoch < 5; epoch++) {
      for (int start = 0; start < train.size(); start += 64) {
        network.fit(BATCHES.batch(train.subList(start, start + 64)));
      }
    }
    List<MetaBatches.Example> test = examples(500, 3);
    INDArray predicted = network.output(false, BATCHES.inputs(test))[0];
    double[] target = test.stream().mapToDouble(MetaBatches.Example::target).toArray();
    double[] prediction = new double[target.length];
    for (int i = 0; i < prediction.length; i++) {
      prediction[i] = predicted.getDouble(i, 0);
    }
    // A body that ignored input 0 or input 3 could not pass about 0.5: each explains half the variance.
    double r2 = RegressionMetrics.of(target, prediction).r2();
    assertTrue(r2 > 0.9, arch + " r² " + r2);
  }
}
