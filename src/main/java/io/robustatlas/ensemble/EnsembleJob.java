package io.robustatlas.ensemble;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.EnsembleConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.data.Shuffle;
import io.robustatlas.robustness.KeptModel;
import io.robustatlas.run.RunManifest;
import io.robustatlas.run.Stage;
import io.robustatlas.run.StageStart;
import io.robustatlas.run.StageStart.DataSet;
import io.robustatlas.spark.HadoopConf;
import io.robustatlas.spark.Outputs;
import io.robustatlas.spark.ProgressLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ensemble} stage: for every kept model, the model alone and its ensembles with
 * weight-noise copies of itself, scored on the whole test set, clean and under each input noise
 * kind and level, by hard, soft and learned voting. Models are handled in groups: one task per
 * model gives the members' probabilities on a slice of the training set, the driver fits each
 * model's learned voters (Spark MLlib random forests) on them, and a second task per model scores
 * everything; then the group's rows are committed by rewriting {@code ensemble.parquet}, so a rerun
 * skips the models already in it.
 */
public final class EnsembleJob {
  private static final Logger LOG = LoggerFactory.getLogger(EnsembleJob.class);
  private static final String STAGE = Stage.ENSEMBLE.id();

  /** Models per commit: bounds the learning probabilities held on the driver at once. */
  private static final int GROUP = 64;

  private final SparkSession spark;
  private final EnsembleOptions options;

  public EnsembleJob(SparkSession spark, EnsembleOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Runs the stage, recorded in the folder's manifest.
   *
   * @throws io.robustatlas.AtlasException (exit 2) when the folder has no finished train stage, its
   *     models table comes from another run, the data are bad, or the folder was made with another
   *     config
   */
  public EnsembleResult run() {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    KeptModel.requireFinishedTrainStage(hadoop, options.outDir());
    StageStart begun =
        StageStart.open(
            hadoop, options.outDir(), options.config(), Stage.ENSEMBLE, options.force(),
            DataSet.TEST, DataSet.TRAIN);
    RunManifest manifest = begun.manifest();
    return manifest.record(() -> evaluate(manifest, hadoop, begun.train(), begun.test(), start));
  }

  private EnsembleResult evaluate(
      RunManifest manifest,
      Configuration hadoop,
      LabeledImages train,
      LabeledImages test,
      long start) {
    AtlasConfig config = options.config();
    List<KeptModel> kept = KeptModel.read(spark, options.outDir(), manifest);
    LabeledImages learn = learnSlice(train, config.ensemble().learnImages(), config.run().seed());
    Path table = new Path(options.outDir(), EnsembleTable.FILE_NAME);
    List<Row> rows = existingRows(table, hadoop);
    Set<String> done = new HashSet<>();
    rows.forEach(row -> done.add(row.getString(0)));
    List<KeptModel> todo = kept.stream().filter(m -> !done.contains(m.modelId())).toList();
    LOG.info(
        "ensemble: {} kept models, {} already done, {} to evaluate on {} test images"
            + " ({} training images for the learned voters)",
        kept.size(),
        kept.size() - todo.size(),
        todo.size(),
        test.count(),
        learn.count());
    List<String> failures = new ArrayList<>();
    int evaluated = evaluateAll(todo, test, learn, table, rows, failures);
    Dataset<Row> written = spark.createDataFrame(rows, EnsembleTable.SCHEMA);
    return new EnsembleResult(
        kept.size(),
        evaluated,
        kept.size() - todo.size(),
        failures,
        gains(written),
        table.toString(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The learned voters' training images: the first {@code size} (at most all) of the training set
   * in an order drawn from the run seed, the same for every model.
   */
  static LabeledImages learnSlice(LabeledImages train, int size, long runSeed) {
    int[] order = Shuffle.permutation(train.count(), EnsembleSeeds.learnOrder(runSeed));
    int count = Math.min(size, train.count());
    int imageSize = train.imageSize();
    byte[] pixels = new byte[count * imageSize];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(train.pixels(), order[i] * imageSize, pixels, i * imageSize, imageSize);
      labels[i] = train.labels()[order[i]];
    }
    return new LabeledImages(count, train.rows(), train.cols(), pixels, labels);
  }

  private List<Row> existingRows(Path table, Configuration hadoop) {
    try {
      if (!table.getFileSystem(hadoop).exists(table)) {
        return new ArrayList<>();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(
        spark.read().schema(EnsembleTable.SCHEMA).parquet(table.toString()).collectAsList());
  }

  private int evaluateAll(
      List<KeptModel> todo,
      LabeledImages test,
      LabeledImages learn,
      Path table,
      List<Row> rows,
      List<String> failures) {
    if (todo.isEmpty()) {
      return 0;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<LabeledImages> testBroadcast = jsc.broadcast(test);
    Broadcast<LabeledImages> learnBroadcast = jsc.broadcast(learn);
    AtlasConfig config = options.config();
    ModelEnsemble task =
        new ModelEnsemble(
            testBroadcast,
            learnBroadcast,
            config.ensemble(),
            config.robustness(),
            config.run().seed(),
            new HadoopConf(spark.sparkContext().hadoopConfiguration()));
    int evaluated = 0;
    try (ProgressLog log = new ProgressLog(spark.sparkContext(), STAGE, "models", todo.size())) {
      for (int first = 0; first < todo.size(); first += GROUP) {
        List<KeptModel> group = todo.subList(first, Math.min(todo.size(), first + GROUP));
        List<ModelOutcome> outcomes = evaluateGroup(jsc, task, group, learn, failures);
        outcomes.forEach(outcome -> rows.addAll(outcome.rows()));
        evaluated += outcomes.size();
        // Another job group: the progress log counts only the scoring tasks of group "ensemble".
        jsc.setJobGroup(STAGE + "-write", "write " + EnsembleTable.FILE_NAME, false);
        commit(rows, table);
      }
    } finally {
      jsc.clearJobGroup();
      testBroadcast.destroy();
      learnBroadcast.destroy();
    }
    return evaluated;
  }

  /** Both passes over one group; returns the successful evaluations, adds the failures. */
  private List<ModelOutcome> evaluateGroup(
      JavaSparkContext jsc,
      ModelEnsemble task,
      List<KeptModel> group,
      LabeledImages learn,
      List<String> failures) {
    jsc.setJobGroup(
        STAGE + "-learn", "learning probabilities of " + group.size() + " models", false);
    List<ModelOutcome> learned = jsc.parallelize(group, group.size()).map(task::learn).collect();
    List<EnsembleWork> work = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      ModelOutcome outcome = learned.get(i);
      if (outcome.succeeded()) {
        work.add(new EnsembleWork(group.get(i), forests(outcome, learn)));
      } else {
        fail(outcome, failures);
      }
    }
    if (work.isEmpty()) {
      return List.of();
    }
    jsc.setJobGroup(STAGE, "score " + work.size() + " models and their ensembles", false);
    List<ModelOutcome> evaluated = new ArrayList<>();
    for (ModelOutcome outcome : jsc.parallelize(work, work.size()).map(task::evaluate).collect()) {
      if (outcome.succeeded()) {
        evaluated.add(outcome);
      } else {
        fail(outcome, failures);
      }
    }
    return evaluated;
  }

  /** One learned voter per ensemble size, fitted on the driver. */
  private List<RandomForestClassificationModel> forests(ModelOutcome outcome, LabeledImages learn) {
    EnsembleConfig ensemble = options.config().ensemble();
    int[] labels = new int[learn.count()];
    java.util.Arrays.setAll(labels, learn::label);
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .setJobGroup(STAGE + "-forest", "learned voters of model " + outcome.modelId(), false);
    List<RandomForestClassificationModel> forests = new ArrayList<>();
    for (int copies : ensemble.copies()) {
      long seed = EnsembleSeeds.forest(options.config().run().seed(), outcome.modelId(), copies);
      forests.add(
          LearnedVoter.fit(
              spark, outcome.learnProbs(), labels, copies + 1, ensemble.trees(), seed));
    }
    return forests;
  }

  private static void fail(ModelOutcome outcome, List<String> failures) {
    failures.add(outcome.modelId() + ": " + outcome.error());
    LOG.error("ensemble: model {} failed: {}", outcome.modelId(), outcome.error());
  }

  /** Rewrites the table with every row so far; the new file replaces the old once complete. */
  private void commit(List<Row> rows, Path table) {
    Dataset<Row> ordered =
        spark
            .createDataFrame(rows, EnsembleTable.SCHEMA)
            .orderBy("model_id", "copies", "voting", "noise", "level");
    try {
      Outputs.writeSingleParquet(ordered, spark.sparkContext().hadoopConfiguration(), table);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + table, e);
    }
  }

  /** Per voting, how its rows compare with the single model's row of the same model and noise. */
  private List<EnsembleResult.Gain> gains(Dataset<Row> table) {
    table.createOrReplaceTempView("ensemble_rows");
    List<EnsembleResult.Gain> gains = new ArrayList<>();
    for (Row row :
        spark
            .sql(
                "SELECT e.voting, count(*), sum(CASE WHEN e.accuracy > s.accuracy THEN 1 ELSE 0"
                    + " END), avg(e.accuracy - s.accuracy) FROM ensemble_rows e JOIN ensemble_rows"
                    + " s ON e.model_id = s.model_id AND e.noise = s.noise AND e.level = s.level"
                    + " WHERE s.voting = 'single' AND e.voting != 'single' GROUP BY e.voting")
            .collectAsList()) {
      gains.add(
          new EnsembleResult.Gain(
              row.getString(0), row.getLong(1), row.getLong(2), row.getDouble(3)));
    }
    spark.catalog().dropTempView("ensemble_rows");
    gains.sort(
        java.util.Comparator.comparing(
            gain -> Voting.valueOf(gain.voting().toUpperCase(java.util.Locale.ROOT))));
    return gains;
  }
}
