package io.robustatlas.robustness;

import io.robustatlas.AtlasException;
import io.robustatlas.config.AtlasConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.ModelsTable;
import io.robustatlas.run.RunManifest;
import io.robustatlas.spark.HadoopConf;
import io.robustatlas.spark.ProgressLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code robustness} stage: reads the kept models from {@code models.parquet}, skips those an
 * earlier run committed, and probes the rest one model per Spark task, committing their pairs in
 * groups of {@code robustness.models-per-file} models (one large Parquet file per group).
 */
public final class RobustnessJob {
  private static final Logger LOG = LoggerFactory.getLogger(RobustnessJob.class);
  private static final String STAGE = "robustness";

  private final SparkSession spark;
  private final RobustnessOptions options;

  public RobustnessJob(SparkSession spark, RobustnessOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Runs the stage, recorded in the folder's manifest.
   *
   * @throws AtlasException (exit 2) when the folder has no finished train stage, its models table
   *     comes from another run, the data are bad, or the folder was made with another config
   */
  public RobustnessResult run() {
    RunManifest manifest =
        RunManifest.open(
            spark.sparkContext().hadoopConfiguration(),
            options.outDir(),
            options.config(),
            options.force());
    return manifest.record(STAGE, () -> probe(manifest));
  }

  private RobustnessResult probe(RunManifest manifest) {
    long start = System.nanoTime();
    AtlasConfig config = options.config();
    List<KeptModel> kept = keptModels(manifest);
    var data = config.data();
    LabeledImages test =
        new IdxReader(spark.sparkContext().hadoopConfiguration())
            .read(data.testImages(), data.testLabels(), data.testLimit());
    PairsStore store = new PairsStore(spark, options.outDir());
    try {
      store.recover();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + store.pairsDir(), e);
    }
    Set<String> done = store.committedModels();
    List<KeptModel> todo = kept.stream().filter(m -> !done.contains(m.modelId())).toList();
    LOG.info(
        "robustness: {} kept models, {} already done, {} to probe on {} test images",
        kept.size(), kept.size() - todo.size(), todo.size(), test.count());
    Progress progress = probeAll(todo, test, store);
    double[] means = store.meanRatios();
    return new RobustnessResult(
        kept.size(),
        progress.probed,
        kept.size() - todo.size(),
        progress.pairs,
        progress.shortfalls,
        progress.failures,
        means[0],
        means[1],
        store.pairsDir(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Running totals over the groups of one run. */
  private static final class Progress {
    int probed;
    long pairs;
    int shortfalls;
    final List<String> failures = new ArrayList<>();
  }

  /** The kept models of this folder's train stage, checked to belong to this run. */
  private List<KeptModel> keptModels(RunManifest manifest) {
    Path table = new Path(options.outDir(), ModelsTable.FILE_NAME);
    if (!"done".equals(manifest.status("train")) || !exists(table)) {
      throw new AtlasException(
          "No finished train stage in "
              + options.outDir()
              + " (no models.parquet, or the manifest says train did not finish): run the train"
              + " stage into this --out first");
    }
    String trainData = manifest.dataFingerprint("train");
    String modelsDir = new Path(options.outDir(), "models").toString();
    List<KeptModel> kept = new ArrayList<>();
    for (Row row :
        spark.read().parquet(table.toString()).where("kept")
            .select("model_id", "model_path", "train_fingerprint").collectAsList()) {
      KeptModel model = new KeptModel(row.getString(0), row.getString(1));
      if (!row.getString(2).equals(trainData) || !model.modelPath().startsWith(modelsDir)) {
        throw new AtlasException(
            table + " comes from another run: model " + model.modelId() + " at "
                + model.modelPath() + " was not trained by this folder's train stage");
      }
      kept.add(model);
    }
    kept.sort(Comparator.comparing(KeptModel::modelId));
    return kept;
  }

  private boolean exists(Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Progress probeAll(List<KeptModel> todo, LabeledImages test, PairsStore store) {
    Progress progress = new Progress();
    if (todo.isEmpty()) {
      return progress;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<LabeledImages> testBroadcast = jsc.broadcast(test);
    ModelProbe probe =
        new ModelProbe(
            testBroadcast,
            options.config().robustness(),
            options.config().run().seed(),
            new HadoopConf(spark.sparkContext().hadoopConfiguration()));
    int groupSize = options.config().robustness().modelsPerFile();
    try (ProgressLog log = new ProgressLog(spark.sparkContext(), STAGE, "models", todo.size())) {
      for (int first = 0; first < todo.size(); first += groupSize) {
        List<KeptModel> group = todo.subList(first, Math.min(todo.size(), first + groupSize));
        probeGroup(jsc, probe, group, store, progress);
      }
    } finally {
      testBroadcast.destroy();
    }
    return progress;
  }

  private void probeGroup(
      JavaSparkContext jsc,
      ModelProbe probe,
      List<KeptModel> group,
      PairsStore store,
      Progress progress) {
    JavaRDD<ProbeOutcome> outcomes =
        jsc.parallelize(group, group.size()).map(probe::run).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      jsc.setJobGroup(STAGE, "probe " + group.size() + " models", false);
      List<ProbeOutcome> summaries = outcomes.map(ProbeOutcome::withoutPairs).collect();
      jsc.setJobGroup(STAGE + "-write", "write pairs of " + group.size() + " models", false);
      List<Row> counts = new ArrayList<>();
      for (ProbeOutcome outcome : summaries) {
        if (outcome.succeeded()) {
          counts.add(outcome.counts());
          progress.probed++;
          progress.pairs += outcome.counts().getInt(PairCountsTable.SCHEMA.fieldIndex("pairs"));
          progress.shortfalls +=
              outcome.counts().getInt(PairCountsTable.SCHEMA.fieldIndex("shortfall")) > 0 ? 1 : 0;
        } else {
          progress.failures.add(outcome.modelId() + ": " + outcome.error());
          LOG.error("robustness: model {} failed: {}", outcome.modelId(), outcome.error());
        }
      }
      boolean allLayers = options.config().robustness().allLayers();
      Dataset<Row> pairs =
          spark
              .createDataFrame(outcomes.flatMap(o -> o.pairs().iterator()), PairsTable.schema(allLayers))
              .repartition(1)
              .sortWithinPartitions("model_id", "sample_index", "noise", "level");
      Dataset<Row> countsTable =
          spark.createDataFrame(counts, PairCountsTable.SCHEMA).orderBy("model_id");
      store.commit(group.get(0).modelId() + "-" + group.size(), pairs, countsTable);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit pairs", e);
    } finally {
      jsc.clearJobGroup();
      outcomes.unpersist(false);
    }
  }
}
