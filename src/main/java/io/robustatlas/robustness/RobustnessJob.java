package io.robustatlas.robustness;

import io.robustatlas.AtlasException;
import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;
import io.robustatlas.run.RunManifest;
import io.robustatlas.run.Stage;
import io.robustatlas.run.StageStart;
import io.robustatlas.run.StageStart.DataSet;
import io.robustatlas.spark.HadoopConf;
import io.robustatlas.spark.ProgressLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code robustness} stage: reads the kept models from {@code models.parquet}, skips those an
 * earlier run committed, and probes the rest one model per Spark task, committing their pairs in
 * groups of {@code robustness.models-per-file} models (one large Parquet file per group).
 */
public final class RobustnessJob {
  private static final Logger LOG = LoggerFactory.getLogger(RobustnessJob.class);
  private static final String STAGE = Stage.ROBUSTNESS.id();

  /** The most pair bytes one commit group collects on the driver. */
  static final long GROUP_BYTES = 256L << 20;

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
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    KeptModel.requireFinishedTrainStage(hadoop, options.outDir());
    StageStart begun =
        StageStart.open(
            hadoop, options.outDir(), options.config(), Stage.ROBUSTNESS, options.force(),
            DataSet.TEST);
    return begun.manifest().record(() -> probe(begun.manifest(), begun.test(), start));
  }

  private RobustnessResult probe(RunManifest manifest, LabeledImages test, long start) {
    List<KeptModel> kept = KeptModel.read(spark, options.outDir(), manifest);
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
    List<String> ablation = ablation(store);
    return new RobustnessResult(
        kept.size(),
        progress.probed,
        kept.size() - todo.size(),
        progress.pairs,
        progress.shortfalls,
        progress.failures,
        store.meanRatios(),
        store.pairsDir(),
        ablation,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Recomputes {@code ablation.parquet} over every committed model; returns its summary. */
  private List<String> ablation(PairsStore store) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      jsc.setJobGroup(STAGE + "-ablation", "ablation summary", false);
      List<Ablation.Row> rows =
          AblationTable.write(
              spark, options.outDir(), store.modelRatios(), options.config().robustness().noise());
      LOG.info("robustness: ablation summary of {} rows in {}", rows.size(),
          AblationTable.FILE_NAME);
      return Ablation.describe(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + AblationTable.FILE_NAME, e);
    } finally {
      jsc.clearJobGroup();
    }
  }

  /** Running totals over the groups of one run. */
  private static final class Progress {
    int probed;
    long pairs;
    int shortfalls;
    final List<String> failures = new ArrayList<>();
  }

  private Progress probeAll(List<KeptModel> todo, LabeledImages test, PairsStore store) {
    Progress progress = new Progress();
    if (todo.isEmpty()) {
      return progress;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<LabeledImages> testBroadcast = jsc.broadcast(test);
    RobustnessConfig settings = options.config().robustness();
    ModelProbe probe =
        new ModelProbe(
            testBroadcast,
            settings,
            options.config().run().seed(),
            new HadoopConf(spark.sparkContext().hadoopConfiguration()));
    int groupSize = groupSize(settings);
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

  /**
   * Models per commit group: {@code robustness.models-per-file}, capped so that one group's pairs,
   * which the driver collects before it commits them, stay within {@link #GROUP_BYTES} (with
   * {@code all-layers} a pair carries 23 KB of activations instead of 2 KB).
   */
  static int groupSize(RobustnessConfig settings) {
    long pairsPerModel =
        (long) LeNet5.CLASSES * (settings.correctPerClass() + settings.wrongPerClass())
            * settings.noise().stream().mapToInt(noise -> noise.levels().size()).sum();
    long bytesPerModel = Math.max(1, pairsPerModel * PairsTable.bytesPerRow(settings.allLayers()));
    int size = (int) Math.max(1, Math.min(settings.modelsPerFile(), GROUP_BYTES / bytesPerModel));
    if (size < settings.modelsPerFile()) {
      LOG.info(
          "robustness: {} models per commit group (robustness.models-per-file = {}): one group's"
              + " pairs stay under {} MB on the driver",
          size, settings.modelsPerFile(), GROUP_BYTES >> 20);
    }
    return size;
  }

  /**
   * Probes one group of models and commits what succeeded. The outcomes (pairs included) are
   * collected to the driver once, and both files are written from that one collection: a lost
   * executor or a retried task can never make the counts and the pairs of a group disagree.
   */
  private void probeGroup(
      JavaSparkContext jsc,
      ModelProbe probe,
      List<KeptModel> group,
      PairsStore store,
      Progress progress) {
    List<ProbeOutcome> outcomes;
    try {
      jsc.setJobGroup(STAGE, "probe " + group.size() + " models", false);
      outcomes = jsc.parallelize(group, group.size()).map(probe::run).collect();
    } finally {
      jsc.clearJobGroup();
    }
    List<Row> pairs = new ArrayList<>();
    List<Row> counts = new ArrayList<>();
    for (ProbeOutcome outcome : outcomes) {
      if (outcome.succeeded()) {
        pairs.addAll(outcome.pairs());
        counts.add(outcome.counts());
        progress.probed++;
        progress.pairs += outcome.pairs().size();
        progress.shortfalls +=
            outcome.counts().getInt(PairCountsTable.SCHEMA.fieldIndex("shortfall")) > 0 ? 1 : 0;
      } else {
        progress.failures.add(outcome.modelId() + ": " + outcome.error());
        LOG.error("robustness: model {} failed: {}", outcome.modelId(), outcome.error());
      }
    }
    if (counts.isEmpty()) {
      return;
    }
    try {
      jsc.setJobGroup(STAGE + "-write", "write pairs of " + counts.size() + " models", false);
      store.commit(pairs, counts, options.config().robustness().allLayers());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit pairs", e);
    } finally {
      jsc.clearJobGroup();
    }
  }
}
