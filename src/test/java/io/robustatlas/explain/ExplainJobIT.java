package io.robustatlas.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.ModelStore;
import io.robustatlas.robustness.RobustnessJob;
import io.robustatlas.robustness.RobustnessOptions;
import io.robustatlas.testing.Configs;
import io.robustatlas.testing.SparkTestSession;
import io.robustatlas.train.TrainJob;
import io.robustatlas.train.TrainOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explain stage on real Spark local[2] and real DL4J after real train and robustness stages (2
 * models, 1 epoch, 500 test images): both tables read back and checked against the model zips
 * and the pairs table, then a rerun that finds everything committed.
 */
class ExplainJobIT {
  private static SparkSession spark;

  @TempDir static Path runs;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.start("ExplainJobIT");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void explainsEveryKeptModelOnItsProbedSamples() throws Exception {
    AtlasConfig config =
        Configs.twoModels(
            "robustness.copies=50",
            "robustness.correct-per-class=2",
            "robustness.wrong-per-class=2",
            "robustness.noise=[{kind=gaussian,levels=[0.5,0.9]}]",
            "explain.copies=5",
            "explain.root=blur");
    String out = runs.resolve("run").toString();
    new TrainJob(spark, new TrainOptions(config, out)).run();
    new RobustnessJob(spark, new RobustnessOptions(config, out)).run();
    ExplainResult result = new ExplainJob(spark, new ExplainOptions(config, out)).run();
    assertEquals(2, result.explainedNow());
    assertTrue(result.failures().isEmpty(), result.failures().toString());
    assertTrue(result.robustnessSeconds() > 0, "the robustness stage's time is read back");

    Dataset<Row> kernels = spark.read().parquet(result.kernelsDir());
    Dataset<Row> explained = spark.read().parquet(result.pairsDir());
    Dataset<Row> pairs = spark.read().parquet(out + "/pairs.parquet");
    assertEquals(2 * LeNetBackprop.CHANNELS, kernels.count());
    assertEquals(pairs.select("model_id", "sample_index").distinct().count(), explained.count());
    checkKernels(kernels.collectAsList(), out);
    checkPairs(explained, pairs);
    checkAblation(kernels, explained, config, out);

    // Two levels, each with every explained sample once, split into correct and wrong.
    assertEquals(2, result.correlations().size());
    for (ExplainResult.Correlation c : result.correlations()) {
      assertEquals(explained.count(), c.correctPairs() + c.wrongPairs());
    }
    assertTrue(result.summary().contains("relevance concentration"), result.summary());

    ExplainResult rerun = new ExplainJob(spark, new ExplainOptions(config, out)).run();
    assertEquals(0, rerun.explainedNow());
    assertEquals(2, rerun.alreadyDone());
    assertEquals(explained.count(), spark.read().parquet(result.pairsDir()).count());
  }

  @Test
  void keptModelsOtherThanReluMaxPoolAreLeftOut() {
    AtlasConfig config =
        Configs.twoModels(
            "grid.activation=[relu, sigmoid]",
            "train.min-accuracy=0",
            "robustness.copies=10",
            "robustness.correct-per-class=1",
            "robustness.wrong-per-class=1",
            "explain.copies=2");
    String out = runs.resolve("variants").toString();
    new TrainJob(spark, new TrainOptions(config, out)).run();
    new RobustnessJob(spark, new RobustnessOptions(config, out)).run();
    ExplainResult result = new ExplainJob(spark, new ExplainOptions(config, out)).run();

    Dataset<Row> models = spark.read().parquet(out + "/models.parquet").where("kept");
    assertEquals(4, models.count(), "both activations kept (min-accuracy 0)");
    List<String> relu = ids(models.where("activation = 'relu'"));
    assertEquals(2, relu.size());
    assertEquals(2, result.keptModels());
    assertEquals(relu, ids(spark.read().parquet(result.pairsDir())));
    assertEquals(relu, ids(spark.read().parquet(result.kernelsDir())));
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.select("model_id").distinct().orderBy("model_id").collectAsList().stream()
        .map(row -> row.getString(0))
        .toList();
  }

  /** Per model: every channel once, ranks a permutation, band shares summing to 1, DC = (Σw)². */
  private static void checkKernels(List<Row> rows, String out) throws Exception {
    Set<String> models = new HashSet<>();
    for (Row row : rows) {
      models.add(row.getString(0));
    }
    for (String model : models) {
      MultiLayerNetwork network =
          ModelStore.load(out + "/" + ModelStore.relativeZipPath(model), new Configuration());
      Set<Integer> ranks = new HashSet<>();
      for (Row row : rows) {
        if (!row.getString(0).equals(model)) {
          continue;
        }
        ranks.add(row.<Integer>getAs("importance_rank"));
        String layer = row.getAs("layer");
        int channel = row.getAs("channel");
        float[] w = network.getLayer(layer).getParam("W").slice(channel).dup().data().asFloat();
        int in = row.getAs("in_channels");
        assertEquals(layer.equals("conv1") ? 1 : 6, in);
        // The DFT at frequency 0 is the sum of the kernel: power there is Σ over input kernels.
        double dc = 0;
        for (int k = 0; k < in; k++) {
          double sum = 0;
          for (int t = 0; t < 25; t++) {
            sum += w[k * 25 + t];
          }
          dc += sum * sum;
        }
        List<Float> power = row.getList(row.fieldIndex("power"));
        assertEquals(256, power.size());
        assertEquals(dc, power.get(0), 1e-4 * (1 + dc));
        List<Double> bands = row.getList(row.fieldIndex("band_energy"));
        assertEquals(1.0, bands.stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertTrue(row.<Integer>getAs("selected_images") <= row.<Integer>getAs("images"));
      }
      assertEquals(LeNetBackprop.CHANNELS, ranks.size(), "ranks 0..21 once each");
    }
  }

  /**
   * The explained class is the robustness stage's prediction, and the logit our backward pass
   * starts from is the one the robustness stage recorded (its engine, float; ours, double).
   */
  private static void checkPairs(Dataset<Row> explained, Dataset<Row> pairs) {
    List<Row> joined =
        explained
            .join(
                pairs.where("level = 0.9"),
                scala.collection.JavaConverters.asScalaBuffer(List.of("model_id", "sample_index"))
                    .toSeq())
            .collectAsList();
    assertEquals(explained.count(), joined.size());
    for (Row row : joined) {
      int target = row.getAs("explained_class");
      assertEquals(row.<Integer>getAs("predicted"), target);
      List<Float> logits = row.getList(row.fieldIndex("logits"));
      assertEquals(logits.get(target), row.<Double>getAs("logit"), 1e-4);
      List<Float> relevance = row.getList(row.fieldIndex("relevance"));
      assertEquals(784, relevance.size());
      int needed = row.getAs("needed_channels");
      assertEquals(needed, row.getList(row.fieldIndex("selected_channels")).size());
      assertTrue(
          needed == LeNetBackprop.CHANNELS
              || row.<Double>getAs("approx_mae") < row.<Double>getAs("mae_threshold"));
      double concentration = row.getAs("concentration");
      assertTrue(concentration >= 0.1 && concentration <= 1, "concentration " + concentration);
    }
  }

  /**
   * One ablation recomputed from the model zip: conv2 channel 3 zeroed in DL4J's own parameters,
   * the engine's logits on the model's samples against the full model's.
   */
  private static void checkAblation(
      Dataset<Row> kernels, Dataset<Row> explained, AtlasConfig config, String out)
      throws Exception {
    Row row = kernels.where("layer = 'conv2' AND channel = 3").orderBy("model_id").first();
    String model = row.getString(0);
    List<Row> samples =
        explained.where("model_id = '" + model + "'").select("sample_index")
            .orderBy("sample_index").collectAsList();
    var data = config.data();
    LabeledImages test =
        new IdxReader(new Configuration())
            .read(data.testImages(), data.testLabels(), data.testLimit(), LeNet5.SIDE);
    float[] images = new float[samples.size() * LeNet5.INPUT_SIZE];
    for (int i = 0; i < samples.size(); i++) {
      test.copyImage(samples.get(i).getInt(0), images, i * LeNet5.INPUT_SIZE);
    }
    MultiLayerNetwork network =
        ModelStore.load(out + "/" + ModelStore.relativeZipPath(model), new Configuration());
    float[] full = new float[samples.size() * LeNet5.CLASSES];
    Engines.predictor(EngineKind.SCALAR, network, 1).logits(images, samples.size(), full);
    network.getLayer("conv2").getParam("W").slice(3).assign(0);
    network.getLayer("conv2").getParam("b").putScalar(3, 0);
    float[] ablated = new float[full.length];
    Engines.predictor(EngineKind.SCALAR, network, 1).logits(images, samples.size(), ablated);
    double mae = 0;
    for (int k = 0; k < full.length; k++) {
      mae += Math.abs(full[k] - ablated[k]) / full.length;
    }
    assertEquals(mae, row.<Double>getAs("ablation_mae"), 1e-5);
    assertTrue(mae > 0, "switching a channel off changes the logits");
  }
}
