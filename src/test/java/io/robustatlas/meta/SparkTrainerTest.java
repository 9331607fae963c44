package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.ConfigLoader;
import io.robustatlas.config.MetaConfig;
import io.robustatlas.testing.SparkTestSession;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The spark trainer's step against the local trainer's, under plain SGD where parameter averaging
 * has an exact meaning: two workers that each take one step on half a minibatch from the same
 * parameters, averaged, take the step on the mean gradient of the whole minibatch, which is what
 * the local trainer does. So with {@code meta.averaging-frequency = 1} an epoch on Spark must land
 * where the local epoch lands: the same number of steps, each on {@code meta.batch-size} examples.
 */
class SparkTrainerTest {
  private static final int FEATURES = 470;
  private static final double LEARNING_RATE = 0.5;
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
    assertSameEpoch(examples(8, false), 8);
  }

  @Test
  void anEpochTakesAsManyStepsAsTheLocalTrainer() {
    // 16 copies of one example, minibatch 8: two local steps, each on the same gradient's function.
    // Two rounds on Spark; a trainer that fitted 8 examples per worker would take one.
    assertSameEpoch(examples(16, true), 8);
  }

  private static void assertSameEpoch(Dataset<Row> train, int batchSize) {
    MetaConfig meta = meta(batchSize);
    MetaBatches batches = new MetaBatches(NetworkFit.widths(meta), "ratio");
    ComputationGraph start = withSgd(MetaNetworks.create(meta, MetaArch.MLP, MetaTask.REGRESSION, 3));
    ComputationGraph local = start.clone();
    ComputationGraph distributed = start.clone();
    try (EpochTrainer trainer = new LocalTrainer(train, batches, batchSize, 0)) {
      trainer.fitEpoch(local, 1);
    }
    try (EpochTrainer trainer = new SparkTrainer(spark, train, batches, meta, 0)) {
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
    assertTrue(size > 1e-3, "the local epoch moved the parameters: " + size);
    double gap = sparkStep.sub(localStep).amaxNumber().doubleValue();
    assertTrue(gap <= 1e-4 * size, "spark step differs from the local step by " + gap + " of " + size);
  }

  /** The default meta config, small, with averaging every minibatch. */
  private static MetaConfig meta(int batchSize) {
    MetaConfig meta =
        ConfigLoader.load(
                new File("conf/default.conf"),
                List.of("meta.layers=1", "meta.batch-size=" + batchSize, "meta.averaging-frequency=1"))
            .meta();
    assertEquals(FEATURES, meta.featureCount());
    return meta;
  }

  /** The network with every layer's updater replaced by SGD (parameter averaging is exact there). */
  private static ComputationGraph withSgd(ComputationGraph network) {
    ComputationGraphConfiguration configuration = network.getConfiguration().clone();
    configuration.getVertices().values().stream()
        .filter(LayerVertex.class::isInstance)
        .map(vertex -> ((LayerVertex) vertex).getLayerConf().getLayer())
        .filter(BaseLayer.class::isInstance)
        .forEach(layer -> ((BaseLayer) layer).setIUpdater(new Sgd(LEARNING_RATE)));
    ComputationGraph sgd = new ComputationGraph(configuration);
    sgd.init(network.params().dup(), true);
    return sgd;
  }

  /** {@code n} training rows of features drawn N(0, 1) and ratios U(0, 1), or n copies of one. */
  private static Dataset<Row> examples(int n, boolean copies) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SplittableRandom random = new SplittableRandom(copies ? 0 : i);
      double[] features = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        features[f] = random.nextGaussian();
      }
      rows.add(RowFactory.create("m" + i % 3, i, Vectors.dense(features), random.nextDouble()));
    }
    StructType schema =
        new StructType()
            .add("model_id", DataTypes.StringType)
            .add("sample_index", DataTypes.IntegerType)
            .add(FeatureTable.FEATURES, SQLDataTypes.VectorType())
            .add("ratio", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
