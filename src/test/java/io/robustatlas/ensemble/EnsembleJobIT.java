package io.robustatlas.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;
import io.robustatlas.testing.Configs;
import io.robustatlas.testing.SparkTestSession;
import io.robustatlas.train.TrainJob;
import io.robustatlas.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Seq;

/**
 * The ensemble stage on real Spark local[2] and real DL4J: 2 trained models, ensembles of 1 and 3
 * copies, 500 test images clean and under two input noises, the table read back; and the learned
 * voter (a real MLlib random forest) on data whose answer is known.
 */
class EnsembleJobIT {
  private static final String[] ENSEMBLE = {
    "ensemble.copies=[3, 1]",
    "ensemble.learn-images=300",
    "ensemble.trees=10",
    "robustness.noise=[{kind=gaussian,levels=[0.5]},{kind=shot,levels=[5]},"
        + "{kind=weights,levels=[0.1]}]"
  };
  private static final List<String> METRICS =
      List.of("accuracy", "balanced_accuracy", "kappa", "class_accuracy");

  private static SparkSession spark;

  @TempDir static Path runs;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.start("EnsembleJobIT");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void writesEveryVotingNextToTheSingleModelReproducibly() throws IOException {
    AtlasConfig config = Configs.twoModels(ENSEMBLE);
    String first = runs.resolve("first").toString();
    new TrainJob(spark, new TrainOptions(config, first)).run();
    EnsembleResult result = new EnsembleJob(spark, new EnsembleOptions(config, first)).run();
    assertEquals(2, result.evaluatedNow());
    assertTrue(result.failures().isEmpty(), result.failures().toString());

    List<Row> rows = read(result.table());
    // Per model: 3 conditions (clean, gaussian 0.5, shot 5; weight noise is not an input noise)
    // × (the single model + hard, soft, learned for 1 and for 3 copies) = 21.
    assertEquals(42, rows.size());
    assertEquals(
        List.of(EnsembleTable.SCHEMA.fieldNames()),
        List.of(spark.read().parquet(result.table()).schema().fieldNames()));
    int[] perClass = labelCounts(config);
    for (Row row : rows) {
      checkRow(row, perClass);
    }
    checkSingleCleanAccuracyIsTheTrainStages(first, rows);
    assertEquals(
        List.of("hard", "soft", "learned"),
        result.gains().stream().map(EnsembleResult.Gain::voting).toList());
    assertEquals(2 * 3 * 2, result.gains().get(0).cases(), "models × conditions × sizes");

    EnsembleResult rerun = new EnsembleJob(spark, new EnsembleOptions(config, first)).run();
    assertEquals(0, rerun.evaluatedNow());
    assertEquals(2, rerun.alreadyDone());
    assertEquals(metrics(rows), metrics(read(result.table())), "a rerun keeps the table");
    assertEquals(result.gains(), rerun.gains());

    // Computed again from scratch (members, noisy test sets, forests): the same values.
    Files.delete(Path.of(result.table()));
    EnsembleResult again = new EnsembleJob(spark, new EnsembleOptions(config, first)).run();
    assertEquals(2, again.evaluatedNow());
    assertEquals(metrics(rows), metrics(read(result.table())));
  }

  @Test
  void theLearnedVoterLearnsAKnownRule() {
    // Member 0's probabilities put 0.9 on the true class; member 1's are noise. A forest must
    // find the rule: on fresh images it should be right (nearly) always.
    SplittableRandom random = new SplittableRandom(4);
    int train = 400;
    int fresh = 200;
    int[] labels = new int[train + fresh];
    float[][] probs = new float[2][(train + fresh) * LeNet5.CLASSES];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(LeNet5.CLASSES);
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        probs[0][i * LeNet5.CLASSES + c] = c == labels[i] ? 0.9f : 0.1f / 9;
        probs[1][i * LeNet5.CLASSES + c] = (float) random.nextDouble();
      }
    }
    float[][] trainProbs = {slice(probs[0], 0, train), slice(probs[1], 0, train)};
    float[][] freshProbs = {slice(probs[0], train, fresh), slice(probs[1], train, fresh)};
    RandomForestClassificationModel forest =
        LearnedVoter.fit(spark, trainProbs, java.util.Arrays.copyOf(labels, train), 2, 20, 9);
    int[] predicted = LearnedVoter.predict(forest, freshProbs, 2);
    int right = 0;
    for (int i = 0; i < fresh; i++) {
      right += predicted[i] == labels[train + i] ? 1 : 0;
    }
    assertTrue(right >= 0.95 * fresh, right + " of " + fresh);
    RandomForestClassificationModel again =
        LearnedVoter.fit(spark, trainProbs, java.util.Arrays.copyOf(labels, train), 2, 20, 9);
    assertEquals(trees(forest), trees(again), "the same seed fits the same forest");
  }

  /** Ranges, sizes and the identity accuracy = Σ class accuracy × class share. */
  private static void checkRow(Row row, int[] perClass) {
    String what = row.toString();
    assertEquals(500, row.<Integer>getAs("test_images"));
    double accuracy = row.getAs("accuracy");
    assertTrue(accuracy >= 0 && accuracy <= 1, what);
    double balanced = row.getAs("balanced_accuracy");
    assertTrue(balanced >= 0 && balanced <= 1, what);
    assertTrue((double) row.getAs("kappa") <= 1, what);
    assertTrue((double) row.getAs("images_per_second") > 0, what);
    Seq<Double> classAccuracy = row.getAs("class_accuracy");
    assertEquals(LeNet5.CLASSES, classAccuracy.size());
    double weighted = 0;
    double mean = 0;
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      weighted += classAccuracy.apply(c) * perClass[c] / 500.0;
      mean += classAccuracy.apply(c) / LeNet5.CLASSES;
    }
    // Sums of ten doubles: equal up to rounding, 1e-12.
    assertEquals(accuracy, weighted, 1e-12, what);
    assertEquals(balanced, mean, 1e-12, "every class is in the 500 test images: " + what);
    String voting = row.getAs("voting");
    assertEquals(voting.equals("single") ? 0.0 : 0.1, (double) row.getAs("alpha"), 0.0);
    assertEquals(voting.equals("single") ? 0 : 1, Math.min(1, row.<Integer>getAs("copies")));
  }

  /**
   * The single model on the clean test set is the train stage's model on the same 500 images: its
   * accuracy is models.parquet's test_accuracy (the train stage predicts with DL4J, this stage with
   * the vector engine; logits agree within 1e-4, so at most a near-tie image may differ).
   */
  private static void checkSingleCleanAccuracyIsTheTrainStages(String out, List<Row> rows) {
    Map<String, Double> trained = new HashMap<>();
    for (Row row : spark.read().parquet(out + "/models.parquet").collectAsList()) {
      trained.put(row.getAs("model_id"), row.getAs("test_accuracy"));
    }
    int checked = 0;
    for (Row row : rows) {
      if (row.getAs("voting").equals("single") && row.getAs("noise").equals("clean")) {
        assertEquals(
            trained.get(row.<String>getAs("model_id")), (double) row.getAs("accuracy"), 1.0 / 500);
        checked++;
      }
    }
    assertEquals(2, checked);
  }

  private static int[] labelCounts(AtlasConfig config) {
    LabeledImages test =
        new IdxReader(new Configuration())
            .read(
                config.data().testImages(), config.data().testLabels(), config.data().testLimit());
    int[] counts = new int[LeNet5.CLASSES];
    for (int i = 0; i < test.count(); i++) {
      counts[test.label(i)]++;
    }
    return counts;
  }

  private static List<Row> read(String table) {
    return spark
        .read()
        .parquet(table)
        .orderBy("model_id", "copies", "voting", "noise", "level")
        .collectAsList();
  }

  /** Every column but images/s (a measured time) of each row. */
  private static List<String> metrics(List<Row> rows) {
    return rows.stream()
        .map(
            row ->
                List.of(
                        row.getAs("model_id"),
                        row.getAs("copies"),
                        row.getAs("voting"),
                        row.getAs("noise"),
                        row.getAs("level"))
                    + " "
                    + METRICS.stream()
                        .map(name -> String.valueOf((Object) row.getAs(name)))
                        .toList())
        .toList();
  }

  /** The forest's trees as text, without the first line (it names the model's random uid). */
  private static String trees(RandomForestClassificationModel forest) {
    String text = forest.toDebugString();
    return text.substring(text.indexOf('\n'));
  }

  private static float[] slice(float[] probs, int first, int count) {
    return java.util.Arrays.copyOfRange(
        probs, first * LeNet5.CLASSES, (first + count) * LeNet5.CLASSES);
  }
}
