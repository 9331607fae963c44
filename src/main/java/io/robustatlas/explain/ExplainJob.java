package io.robustatlas.explain;

import static org.apache.spark.sql.functions.col;

import io.robustatlas.AtlasException;
import io.robustatlas.config.AtlasConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.ModelsTable;
import io.robustatlas.robustness.KeptModel;
import io.robustatlas.robustness.PairsTable;
import io.robustatlas.run.RunManifest;
import io.robustatlas.run.Stage;
import io.robustatlas.run.StageStart;
import io.robustatlas.run.StageStart.DataSet;
import io.robustatlas.spark.GroupCommits;
import io.robustatlas.spark.HadoopConf;
import io.robustatlas.spark.ProgressLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code explain} stage: for every kept model, on the test samples the robustness stage probed
 * it on, its kernels' spectra, the cost of switching off each convolution channel, the channels
 * each image needs, and relevance maps. One model per Spark task; models are committed in groups
 * ({@link GroupCommits}), so a rerun skips the committed ones. Last, the summary: how a pair's
 * relevance concentration correlates with its ratio, for correct and wrong pairs.
 */
public final class ExplainJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExplainJob.class);
  private static final String STAGE = Stage.EXPLAIN.id();

  /** Models per commit: a model's pairs carry about 1.3 MB of relevance maps. */
  static final int GROUP = 32;

  private final SparkSession spark;
  private final ExplainOptions options;

  public ExplainJob(SparkSession spark, ExplainOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Runs the stage, recorded in the folder's manifest.
   *
   * @throws AtlasException (exit 2) when the folder has no finished robustness stage, its models
   *     table comes from another run, the data are bad, or the folder was made with another config
   */
  public ExplainResult run() {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    PairsTable.requireFinishedRobustnessStage(hadoop, options.outDir());
    StageStart begun =
        StageStart.open(
            hadoop, options.outDir(), options.config(), Stage.EXPLAIN, options.force(),
            DataSet.TEST);
    RunManifest manifest = begun.manifest();
    double robustnessSeconds =
        manifest.content().path("stages").path(Stage.ROBUSTNESS.id()).path("seconds")
            .asDouble(Double.NaN);
    return manifest.record(() -> explain(manifest, begun.test(), robustnessSeconds, start));
  }

  private ExplainResult explain(
      RunManifest manifest, LabeledImages test, double robustnessSeconds, long start) {
    List<KeptModel> kept = reluMaxPoolOnly(KeptModel.read(spark, options.outDir(), manifest));
    Path pairsDir = new Path(options.outDir(), ExplainTables.PAIRS_DIR);
    Path kernelsDir = new Path(options.outDir(), ExplainTables.KERNELS_DIR);
    GroupCommits store = new GroupCommits(spark, pairsDir, kernelsDir);
    try {
      store.recover();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + pairsDir, e);
    }
    Set<String> done = store.committedModels();
    List<KeptModel> todo = kept.stream().filter(m -> !done.contains(m.modelId())).toList();
    LOG.info(
        "explain: {} kept models, {} already done, {} to explain",
        kept.size(), kept.size() - todo.size(), todo.size());
    List<String> failures = new ArrayList<>();
    int explained = explainAll(todo, test, store, failures);
    ExplainSummary.Result summary = new ExplainSummary(spark, options.outDir(), store).read();
    return new ExplainResult(
        kept.size(),
        explained,
        kept.size() - todo.size(),
        failures,
        summary.correlations(),
        summary.meanNeededChannels(),
        robustnessSeconds,
        kernelsDir.toString(),
        pairsDir.toString(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The backward pass ({@link LeNetBackprop}) and the channel edits (a zeroed kernel switches a
   * channel off only where the activation of 0 is 0 and the pool of zeros is 0) are those of the
   * ReLU / max-pool LeNet-5, so the grid's other architecture variants are left out, and said so.
   */
  private List<KeptModel> reluMaxPoolOnly(List<KeptModel> kept) {
    Dataset<Row> models =
        spark.read().parquet(new Path(options.outDir(), ModelsTable.FILE_NAME).toString());
    if (!List.of(models.columns()).contains("activation")) {
      return kept;
    }
    Set<String> variants =
        models.where("activation <> 'relu' OR pooling <> 'max'").select("model_id")
            .collectAsList().stream().map(row -> row.getString(0)).collect(Collectors.toSet());
    List<KeptModel> explainable =
        kept.stream().filter(model -> !variants.contains(model.modelId())).toList();
    if (explainable.size() < kept.size()) {
      LOG.warn(
          "explain: {} of {} kept models left out: not ReLU with max pooling (the stage explains"
              + " the ReLU / max-pool LeNet-5 only)",
          kept.size() - explainable.size(), kept.size());
    }
    return explainable;
  }

  private int explainAll(
      List<KeptModel> todo, LabeledImages test, GroupCommits store, List<String> failures) {
    if (todo.isEmpty()) {
      return 0;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<LabeledImages> testBroadcast = jsc.broadcast(test);
    AtlasConfig config = options.config();
    ModelExplainer explainer =
        new ModelExplainer(
            testBroadcast,
            config.explain(),
            config.robustness().engine(),
            config.robustness().clip(),
            config.run().seed(),
            meanImage(test),
            new HadoopConf(spark.sparkContext().hadoopConfiguration()));
    int explained = 0;
    try (ProgressLog log = new ProgressLog(spark.sparkContext(), STAGE, "models", todo.size())) {
      for (int first = 0; first < todo.size(); first += GROUP) {
        List<KeptModel> group = todo.subList(first, Math.min(todo.size(), first + GROUP));
        explained += explainGroup(jsc, explainer, works(group), store, failures);
      }
    } finally {
      jsc.clearJobGroup();
      testBroadcast.destroy();
    }
    return explained;
  }

  /**
   * The group's models with the samples {@code pairs.parquet} holds for each (one row there per
   * noise kind and level: deduplicated here, which spares Spark a shuffle).
   */
  private List<ExplainWork> works(List<KeptModel> group) {
    jsc().setJobGroup(STAGE + "-samples", "probed samples of " + group.size() + " models", false);
    Map<String, TreeSet<Integer>> samples = new HashMap<>();
    Dataset<Row> pairs =
        spark.read().parquet(new Path(options.outDir(), PairsTable.DIR_NAME).toString());
    for (Row row :
        pairs
            .where(col("model_id").isin(group.stream().map(KeptModel::modelId).toArray()))
            .select("model_id", "sample_index")
            .collectAsList()) {
      samples.computeIfAbsent(row.getString(0), id -> new TreeSet<>()).add(row.getInt(1));
    }
    return group.stream()
        .map(
            model ->
                new ExplainWork(
                    model,
                    samples.getOrDefault(model.modelId(), new TreeSet<>()).stream()
                        .mapToInt(Integer::intValue)
                        .toArray()))
        .toList();
  }

  private int explainGroup(
      JavaSparkContext jsc,
      ModelExplainer explainer,
      List<ExplainWork> works,
      GroupCommits store,
      List<String> failures) {
    jsc.setJobGroup(STAGE, "explain " + works.size() + " models", false);
    List<ExplainOutcome> outcomes =
        jsc.parallelize(works, works.size()).map(explainer::run).collect();
    List<Row> kernels = new ArrayList<>();
    List<Row> pairs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (ExplainOutcome outcome : outcomes) {
      if (outcome.succeeded()) {
        kernels.addAll(outcome.kernels());
        pairs.addAll(outcome.pairs());
        ids.add(outcome.modelId());
      } else {
        failures.add(outcome.modelId() + ": " + outcome.error());
        LOG.error("explain: model {} failed: {}", outcome.modelId(), outcome.error());
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    ids.sort(null);
    try {
      jsc.setJobGroup(STAGE + "-write", "write " + ids.size() + " models", false);
      // Rows arrive sorted (models by id, then samples, or conv1 before conv2 by channel): no
      // sort needed before the single-file write.
      store.commit(
          spark.createDataFrame(pairs, ExplainTables.PAIRS),
          spark.createDataFrame(kernels, ExplainTables.KERNELS),
          ids);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit the explain tables", e);
    }
    LOG.info("explain: committed {} models", ids.size());
    return ids.size();
  }

  private JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  /** The pixel-wise mean of the test images: the {@code mean} root point. */
  static float[] meanImage(LabeledImages test) {
    double[] sum = new double[LeNet5.INPUT_SIZE];
    float[] image = new float[LeNet5.INPUT_SIZE];
    for (int i = 0; i < test.count(); i++) {
      test.copyImage(i, image, 0);
      for (int p = 0; p < image.length; p++) {
        sum[p] += image[p];
      }
    }
    float[] mean = new float[LeNet5.INPUT_SIZE];
    for (int p = 0; p < mean.length; p++) {
      mean[p] = (float) (sum[p] / Math.max(1, test.count()));
    }
    return mean;
  }
}
