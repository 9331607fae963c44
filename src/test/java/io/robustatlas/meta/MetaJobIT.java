package io.robustatlas.meta;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.robustness.RobustnessJob;
import io.robustatlas.robustness.RobustnessOptions;
import io.robustatlas.spark.Outputs;
import io.robustatlas.testing.Configs;
import io.robustatlas.testing.SparkTestSession;
import io.robustatlas.train.TrainJob;
import io.robustatlas.train.TrainOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import io.robustatlas.meta.engine.Examples;
import io.robustatlas.meta.engine.MetaNet;
import io.robustatlas.meta.engine.NetFile;
import io.robustatlas.meta.engine.NetTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meta stage on real Spark local[2]: 4 LeNets (1 epoch on 1,000 digits) probed with small
 * quotas; a model split with both tasks, an LSTM (tiny: width 8, 3 epochs) and every baseline,
 * fitted locally; a copy of the folder with a pair split and the spark trainer (attention
 * ). Outputs are read back.
 */
class MetaJobIT {
  private static final String[] PIPELINE = {
    "grid.seed=[0,1,2,3]",
    "data.train-limit=1000",
    "train.min-accuracy=0",
    "robustness.copies=50",
    "robustness.noise=[{kind=gaussian,levels=[0.3]}]",
    "robustness.correct-per-class=4",
    "robustness.wrong-per-class=4",
    "meta.level=0.3",
    "meta.embed=8",
    "meta.layers=1",
    "meta.heads=2",
    "meta.epochs=3",
    "meta.patience=2",
    "meta.batch-size=16",
    "meta.gbt-iterations=3",
  };

  /** The folder's own meta settings (a meta run with others needs --force). */
  private static final String[] LOCAL_MODEL_SPLIT = {
    "meta.trainer=local", "meta.split=[model]", "meta.arch=[lstm]"
  };

  private static SparkSession spark;
  private static String run;

  @TempDir static Path runs;

  @BeforeAll
  static void finishedRobustness() {
    spark = SparkTestSession.start("MetaJobIT");
    AtlasConfig config = config(LOCAL_MODEL_SPLIT);
    run = runs.resolve("run").toString();
    new TrainJob(spark, new TrainOptions(config, run)).run();
    new RobustnessJob(spark, new RobustnessOptions(config, run)).run();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static AtlasConfig config(String... more) {
    List<String> overrides = new ArrayList<>(List.of(PIPELINE));
    overrides.addAll(List.of(more));
    return Configs.twoModels(overrides.toArray(String[]::new));
  }

  @Test
  void fitsEveryCellOfAModelSplitAndWritesTablesThatReadBack() throws IOException {
    AtlasConfig config = config(LOCAL_MODEL_SPLIT);
    MetaResult result = new MetaJob(spark, new MetaOptions(config, run)).run();
    // 1 protocol × 2 tasks × (3 baselines + 1 arch × 1 seed)
    assertEquals(8, result.cells());
    assertTrue(result.failures().isEmpty(), result.failures().toString());
    assertEquals(8, result.fittedNow());

    Dataset<Row> split = spark.read().parquet(run + "/meta/split.parquet");
    assertEquals(4, split.count());
    assertEquals(4, split.select("model_id").distinct().count(), "no model in two splits");
    assertEquals(List.of(2L, 1L, 1L), countsPerSplit(split));

    // The scaling is the training split's, computed here independently with Spark SQL on the pairs
    // of the training models (sums of the same floats in another order: 1e-9 relative).
    Dataset<Row> scaling = spark.read().parquet(run + "/meta/scaling.parquet");
    assertEquals(470, scaling.count());
    Row fc1 = scaling.where("input = 'fc1' AND index = 7").first();
    Row expected = spark.read().parquet(run + "/pairs.parquet")
        .join(split.where("split = 'train'").select("model_id"), "model_id")
        .selectExpr("avg(fc1[7])", "stddev_samp(fc1[7])").first();
    assertEquals(expected.getDouble(0), fc1.<Double>getAs("mean"), 1e-9 * Math.abs(expected.getDouble(0)));
    assertEquals(expected.getDouble(1), fc1.<Double>getAs("std"), 1e-9 * expected.getDouble(1));

    Dataset<Row> metrics = spark.read().parquet(result.metricsTable());
    assertEquals(8, metrics.count());
    Dataset<Row> predictions = spark.read().parquet(run + "/meta/predictions.parquet").cache();
    Set<String> testModels = new HashSet<>();
    split.where("split = 'test'").collectAsList().forEach(r -> testModels.add(r.getString(1)));
    for (Row cell : metrics.collectAsList()) {
      for (Row prediction : assertCellPredictions(cell, predictions)) {
        assertTrue(testModels.contains(prediction.<String>getAs("model_id")), "only test models: " + prediction);
      }
    }
    Row msp = metrics.where("model = 'msp'").first();
    // A LeNet is less sure of its errors: the max softmax probability ranks most correct pairs
    // above most wrong ones. 0.6 leaves room for one test model of about 70 pairs.
    assertTrue(msp.<Double>getAs("auroc") > 0.6, msp.toString());
    assertTrue(result.summary().contains("lstm") && result.summary().contains("aupr_err"), result.summary());
    assertEquals(2, countFiles(run + "/meta/networks", ".zip"));

    assertZipReproducesItsPredictions(run, "model-classification-lstm-s0", "model", "classification", "lstm");

    MetaResult rerun = new MetaJob(spark, new MetaOptions(config, run)).run();
    assertEquals(0, rerun.fittedNow());
    assertEquals(8, rerun.alreadyDone());
    assertEquals(8, spark.read().parquet(result.metricsTable()).count());
  }

  /**
   * The cell's predictions: exactly its test pairs, scores in range, AUROC equal to MLlib's own
   * (trapezoids under the ROC curve, no binning) on the written predictions, a loss per epoch.
   */
  private static List<Row> assertCellPredictions(Row cell, Dataset<Row> predictions) {
    String where = String.format("split_by = '%s' AND task = '%s' AND model = '%s'",
        cell.<String>getAs("split_by"), cell.<String>getAs("task"), cell.<String>getAs("model"));
    Dataset<Row> mine = predictions.where(where);
    List<Row> rows = mine.collectAsList();
    assertEquals(cell.<Long>getAs("test_pairs"), rows.size(), where);
    assertTrue(rows.stream().allMatch(r -> r.getAs("split").equals("test")), where);
    if (cell.<String>getAs("task").equals("classification")) {
      assertTrue(rows.stream().allMatch(r -> r.<Double>getAs("prediction") >= 0 && r.<Double>getAs("prediction") <= 1));
      double auroc =
          new BinaryClassificationEvaluator().setNumBins(0).setLabelCol("target")
              .setRawPredictionCol("prediction").evaluate(mine);
      assertEquals(auroc, cell.<Double>getAs("auroc"), 1e-9, where);
    }
    if (cell.<String>getAs("kind").equals("network")) {
      assertEquals(cell.<Integer>getAs("epochs_run"), cell.getList(cell.fieldIndex("validation_loss")).size());
    }
    return rows;
  }

  @Test
  void pairSplitWithTheSparkTrainer() throws IOException {
    String copy = runs.resolve("spark").toString();
    copyPipelineOutputs(Path.of(run), Path.of(copy));
    Path exports = Path.of(spark.sparkContext().hadoopConfiguration().get("hadoop.tmp.dir"), "dl4j");
    long exportsBefore = Files.exists(exports) ? countFiles(exports.toString(), "") : 0;
    AtlasConfig config = config("meta.trainer=spark", "meta.split=[pair]", "meta.task=[classification]",
        "meta.arch=[attention]", "meta.baselines=[msp]");
    MetaResult result = new MetaJob(spark, new MetaOptions(config, copy, true)).run();
    assertTrue(result.failures().isEmpty(), result.failures().toString());
    assertEquals(2, result.fittedNow());

    long pairs = spark.read().parquet(copy + "/pairs.parquet").count();
    Dataset<Row> split = spark.read().parquet(copy + "/meta/split.parquet");
    assertEquals(pairs, split.select("model_id", "sample_index").distinct().count(), "each pair once");
    long[] expected = SplitAssignment.counts(pairs);
    assertEquals(List.of(expected[0], expected[1], expected[2]), countsPerSplit(split));
    assertTrue(split.where("split = 'test'").select("model_id").distinct().count() > 1,
        "a pair split spreads a model's pairs over the splits");

    Dataset<Row> predictions = spark.read().parquet(copy + "/meta/predictions.parquet");
    for (Row cell : spark.read().parquet(copy + "/meta/metrics.parquet").collectAsList()) {
      assertCellPredictions(cell, predictions);
      if (cell.<String>getAs("kind").equals("network")) {
        assertEquals("spark", cell.getAs("trainer"));
        List<Double> trainLoss = cell.getList(cell.fieldIndex("train_loss"));
        assertTrue(trainLoss.get(trainLoss.size() - 1) < trainLoss.get(0), "training lowers the loss: " + trainLoss);
      }
    }
    assertEquals(0, countFiles(copy, Outputs.TEMP_PREFIX), "no temp files");
    assertEquals(exportsBefore, Files.exists(exports) ? countFiles(exports.toString(), "") : 0,
        "no minibatch exports under hadoop.tmp.dir");
  }

  /**
   * A user's view of a network zip: restore it, standardise a test pair's raw activations with
   * {@code scaling.parquet} as the README says, and get the prediction the stage wrote (floats
   * through the same network: 1e-5).
   */
  private static void assertZipReproducesItsPredictions(
      String run, String cell, String splitBy, String task, String model) throws IOException {
    String zip = run + "/meta/networks/" + cell + ".zip";
    Row predicted = spark.read().parquet(run + "/meta/predictions.parquet")
        .where(String.format("split_by = '%s' AND task = '%s' AND model = '%s'", splitBy, task, model))
        .orderBy("model_id", "sample_index").first();
    Row pair = spark.read().parquet(run + "/pairs.parquet")
        .where(col("model_id").equalTo(predicted.<String>getAs("model_id"))
            .and(col("sample_index").equalTo(predicted.<Integer>getAs("sample_index")))).first();
    List<Row> scaling = spark.read().parquet(run + "/meta/scaling.parquet")
        .where(col("split_by").equalTo(splitBy)).collectAsList();
    List<String> inputs = List.of("maxpool2", "fc1", "fc2", "logits");
    float[][] features = new float[inputs.size()][];
    for (int v = 0; v < inputs.size(); v++) {
      String input = inputs.get(v);
      List<Float> raw = pair.getList(pair.fieldIndex(input));
      float[] standardised = new float[raw.size()];
      for (Row scale : scaling) {
        if (scale.<String>getAs("input").equals(input)) {
          int i = scale.getAs("index");
          double std = scale.getAs("std");
          standardised[i] = std == 0 ? 0f : (float) ((raw.get(i) - scale.<Double>getAs("mean")) / std);
        }
      }
      features[v] = standardised;
    }
    assertEquals(predicted.<Double>getAs("prediction"), scoreZip(zip, model, features), 1e-5, zip);
  }

  /** The zip's output on one pair: DL4J's graph, or the engine's own format for its bodies. */
  private static double scoreZip(String zip, String model, float[][] features) throws IOException {
    if (MetaArch.valueOf(model.toUpperCase()).inDl4j()) {
      ComputationGraph network = ModelSerializer.restoreComputationGraph(new File(zip), false);
      INDArray[] inputs = new INDArray[features.length];
      for (int v = 0; v < features.length; v++) {
        inputs[v] = Nd4j.create(features[v], new long[] {1, features[v].length}, 'c');
      }
      return network.output(false, inputs)[0].getDouble(0, 0);
    }
    MetaNet net;
    try (InputStream in = Files.newInputStream(Path.of(zip))) {
      net = NetFile.read(in);
    }
    float[] row = new float[net.spec().featureCount()];
    int at = 0;
    for (float[] vector : features) {
      System.arraycopy(vector, 0, row, at, vector.length);
      at += vector.length;
    }
    return NetTrainer.predict(net, new Examples(row, new float[1], row.length))[0];
  }

  /**
   * The engine fits every body as one Spark task each, writes what the other trainers write, and
   * its zips (DL4J's for DL4J's bodies, the engine's format for the others) reproduce the written
   * predictions.
   */
  @Test
  void theEngineFitsEveryBodyInParallelTasks() throws IOException {
    String copy = runs.resolve("engine").toString();
    copyPipelineOutputs(Path.of(run), Path.of(copy));
    List<String> bodies = List.of("rnn", "lstm", "gru", "attention", "transformer", "mlp");
    AtlasConfig config = config("meta.trainer=engine", "meta.split=[model]",
        "meta.arch=[" + String.join(",", bodies) + "]", "meta.baselines=[msp]");
    MetaResult result = new MetaJob(spark, new MetaOptions(config, copy, true)).run();
    assertTrue(result.failures().isEmpty(), result.failures().toString());
    assertEquals(2 * (bodies.size() + 1), result.fittedNow());
    Dataset<Row> predictions = spark.read().parquet(copy + "/meta/predictions.parquet");
    for (Row cell : spark.read().parquet(copy + "/meta/metrics.parquet").collectAsList()) {
      assertCellPredictions(cell, predictions);
      if (cell.<String>getAs("kind").equals("network")) {
        assertEquals("engine", cell.getAs("trainer"));
        List<Double> trainLoss = cell.getList(cell.fieldIndex("train_loss"));
        assertTrue(trainLoss.get(trainLoss.size() - 1) < trainLoss.get(0), "training lowers the loss: " + trainLoss);
      }
    }
    for (String body : bodies) {
      assertZipReproducesItsPredictions(copy, "model-regression-" + body + "-s0", "model", "regression", body);
    }
  }

  private static List<Long> countsPerSplit(Dataset<Row> split) {
    List<Long> counts = new ArrayList<>();
    for (String name : List.of("train", "validation", "test")) {
      counts.add(split.where(col("split").equalTo(name)).count());
    }
    return counts;
  }

  private static long countFiles(String dir, String fragment) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(dir))) {
      return files.filter(p -> p.getFileName().toString().contains(fragment) && !p.getFileName().toString().endsWith(".crc")).count();
    }
  }

  private static void copyPipelineOutputs(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (file.toString().contains("/meta")) {
          continue;
        }
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
