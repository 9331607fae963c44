package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.ConfigLoader;
import io.robustatlas.config.MetaConfig;
import io.robustatlas.testing.SparkTestSession;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The spark trainer's epoch against DL4J's own fit on one JVM, with the networks' Adam: two workers
 * that each take a gradient on half a minibatch, averaged by dl4j-spark, and one Adam step on the
 * driver must land where {@code ComputationGraph.fit} on the whole minibatch lands, step after step
 * (Adam's moments and its bias correction included).
 */
class SparkTrainerTest {
  private static final int FEATURES = 470;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start("spark-trainer");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void oneRoundOfTwoWorkersIsTheLocalStepOnTheWholeMinibatch() {
    // 8 different examples, minibatch 8: one local step; on Spark each worker fits 4.
    assertSameEpoch(examples(8, false), 8, MetaArch.MLP, MetaTask.REGRESSION);
  }

  @Test
  void anEpochTakesAsManyStepsAsTheLocalTrainer() {
    // 16 copies of one example, minibatch 8: two local steps, each on the same gradient's function.
    // Two rounds on Spark; a trainer that fitted 8 examples per worker would take one.
    assertSameEpoch(examples(16, true), 8, MetaArch.MLP, MetaTask.REGRESSION);
  }

  @Test
  void aRecurrentClassifierStepsAsLocally() {
    // One Adam step of an LSTM classifier, whose last layer is wrapped (LastTimeStep). (More steps
    // on different examples would compare different minibatches: both trainers cut the same
    // slices, but dl4j-spark's split pairs slices of different local steps in a round.)
    assertSameEpoch(examples(8, false), 8, MetaArch.LSTM, MetaTask.CLASSIFICATION);
  }

  @Test
  void everyEpochCutsTheLocalTrainersMinibatchesIntoWorkerSlices() {
    // 22 examples, minibatch 8: each of the 2 workers fits slices of 4 (the last one 2), and every
    // slice must hold the examples the local trainer visits at those positions of that epoch, in
    // pair order (model_id, sample_index), which is not the order the rows were made in.
    Dataset<Row> train = examples(22, false);
    MetaConfig meta = meta(8);
    List<Float> inPairOrder =
        train.orderBy("model_id", "sample_index").collectAsList().stream()
            .map(row -> (float) row.getDouble(3))
            .toList();
    MetaBatches batches = new MetaBatches(NetworkFit.widths(meta), "ratio");
    try (SparkTrainer trainer =
        new SparkTrainer(spark, train, batches, meta, MetaArch.MLP, MetaTask.REGRESSION, 5)) {
      Set<List<Float>> first = slices(trainer, 1);
      for (int epoch = 1; epoch <= 2; epoch++) {
        int[] order = MinibatchOrder.order(inPairOrder.size(), 5, epoch);
        Set<List<Float>> expected = new HashSet<>();
        for (int start = 0; start < order.length; start += 4) {
          expected.add(
              Arrays.stream(order, start, Math.min(order.length, start + 4))
                  .mapToObj(inPairOrder::get)
                  .toList());
        }
        assertEquals(expected, slices(trainer, epoch), "epoch " + epoch);
      }
      assertNotEquals(first, slices(trainer, 2), "a new cut every epoch");
    }
  }

  /** The targets of every minibatch the spark trainer cuts for an epoch, in position order. */
  private static Set<List<Float>> slices(SparkTrainer trainer, int epoch) {
    Set<List<Float>> slices = new HashSet<>();
    for (MultiDataSet minibatch : trainer.minibatches(epoch).collect()) {
      float[] targets = minibatch.getLabels(0).toFloatVector();
      List<Float> slice = new ArrayList<>();
      for (float target : targets) {
        slice.add(target);
      }
      slices.add(slice);
    }
    return slices;
  }

  private static void assertSameEpoch(Dataset<Row> train, int batchSize, MetaArch arch, MetaTask task) {
    MetaConfig meta = meta(batchSize);
    MetaBatches batches = new MetaBatches(NetworkFit.widths(meta), task.target());
    ComputationGraph start = MetaNetworks.create(meta, arch, task, 3);
    ComputationGraph local = start.clone();
    ComputationGraph distributed = start.clone();
    try (EpochTrainer trainer = new LocalTrainer(train, batches, batchSize, 0)) {
      trainer.fitEpoch(local, 1);
    }
    try (EpochTrainer trainer = new SparkTrainer(spark, train, batches, meta, arch, task, 0)) {
      trainer.fitEpoch(distributed, 1);
    }
    // Adam's bias correction reads the iteration count: one per step, ceil(examples / batch).
    int steps = (int) ((train.count() + batchSize - 1) / batchSize);
    assertEquals(steps, local.getConfiguration().getIterationCount(), "local steps counted");
    assertEquals(
        steps, distributed.getConfiguration().getIterationCount(), "rounds counted on the driver");
    INDArray localStep = local.params().sub(start.params());
    INDArray sparkStep = distributed.params().sub(start.params());
    double size = localStep.amaxNumber().doubleValue();
    assertTrue(size > 0.5 * meta.learningRate(), "the local epoch moved the parameters: " + size);
    // Adam divides a gradient by its own size, so where a gradient is near 0 the float rounding of
    // a sum over 8 examples against two sums over 4 shows: allow 1% of a step there, on at most
    // 0.1% of the parameters, and 1e-4 of a step everywhere else.
    INDArray gap = Transforms.abs(sparkStep.sub(localStep));
    double rate = meta.learningRate();
    assertTrue(
        gap.maxNumber().doubleValue() <= 1e-2 * rate,
        "spark step differs from the local step by " + gap.maxNumber() + " (rate " + rate + ")");
    long beyond = gap.gt(1e-4 * rate).castTo(DataType.INT).sumNumber().longValue();
    assertTrue(
        beyond <= gap.length() / 1000,
        beyond + " of " + gap.length() + " parameters differ by more than 1e-4 of a step");
  }

  /** The default meta config, small. */
  private static MetaConfig meta(int batchSize) {
    MetaConfig meta =
        ConfigLoader.load(
                new File("conf/default.conf"), List.of("meta.layers=1", "meta.batch-size=" + batchSize))
            .meta();
    assertEquals(FEATURES, meta.featureCount());
    return meta;
  }

  /** {@code n} training rows of features drawn N(0, 1), ratios U(0, 1) and correct = ratio ≥ 0.5, or n copies of one. */
  private static Dataset<Row> examples(int n, boolean copies) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SplittableRandom random = new SplittableRandom(copies ? 0 : i);
      double[] features = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        features[f] = random.nextGaussian();
      }
      double ratio = random.nextDouble();
      rows.add(
          RowFactory.create("m" + i % 3, i, Vectors.dense(features), ratio, ratio < 0.5 ? 0.0 : 1.0));
    }
    StructType schema =
        new StructType()
            .add("model_id", DataTypes.StringType)
            .add("sample_index", DataTypes.IntegerType)
            .add(FeatureTable.FEATURES, SQLDataTypes.VectorType())
            .add("ratio", DataTypes.DoubleType)
            .add("correct", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
