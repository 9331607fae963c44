package io.robustatlas.train;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.GridExpander;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.ModelRecord;
import io.robustatlas.model.ModelStore;
import io.robustatlas.model.ModelsTable;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code train} stage: expands the grid, skips models an earlier run already committed, trains
 * the rest one model per Spark task, and writes {@code <out>/models.parquet} from every committed
 * record of the grid.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  private static final String STAGE = Stage.TRAIN.id();

  private final SparkSession spark;
  private final TrainOptions options;

  public TrainJob(SparkSession spark, TrainOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Runs the stage, recorded in the folder's manifest.
   *
   * @throws io.robustatlas.AtlasException (exit 2) for bad data or a folder of another config
   */
  public TrainResult run() {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    StageStart begun =
        StageStart.open(
            hadoop, options.outDir(), options.config(), Stage.TRAIN, options.force(),
            DataSet.TRAIN, DataSet.TEST);
    return begun.manifest().record(() -> train(begun.train(), begun.test(), hadoop, start));
  }

  private TrainResult train(
      LabeledImages train, LabeledImages test, Configuration hadoop, long start) {
    AtlasConfig config = options.config();
    List<TrainSpec> specs =
        GridExpander.expand(config.grid(), config.run().seed(), train.fingerprint());
    ModelStore store = new ModelStore(options.outDir());
    store.deleteLeftovers(hadoop);
    Map<String, ModelRecord> finished = store.finished(hadoop);
    List<TrainSpec> todo = specs.stream().filter(s -> !finished.containsKey(s.modelId())).toList();
    LOG.info(
        "train: {} models in the grid ({} images to train on, {} to test), {} already done, {} to"
            + " train",
        specs.size(), train.count(), test.count(), specs.size() - todo.size(), todo.size());
    // Temp files of attempts Spark stopped are removed once they have ended (RunningTasks.settle).
    List<ModelRecord> trained = trainAll(todo, train, test, store, hadoop);
    trained.forEach(r -> finished.put(r.modelId(), r));
    List<ModelRecord> records = specs.stream().map(s -> finished.get(s.modelId())).toList();
    String table = writeTable(records, hadoop);
    return result(records, trained.size(), table, Duration.ofNanos(System.nanoTime() - start));
  }

  private List<ModelRecord> trainAll(
      List<TrainSpec> todo,
      LabeledImages train,
      LabeledImages test,
      ModelStore store,
      Configuration hadoop) {
    if (todo.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup(STAGE, "train " + todo.size() + " LeNet-5 models", false);
    Broadcast<LabeledImages> trainBroadcast = jsc.broadcast(train);
    Broadcast<LabeledImages> testBroadcast = jsc.broadcast(test);
    TrainTask task =
        new TrainTask(
            trainBroadcast,
            testBroadcast,
            store,
            new HadoopConf(hadoop),
            options.config().train().engine());
    try (ProgressLog progress =
        new ProgressLog(spark.sparkContext(), STAGE, "models", todo.size())) {
      return new ArrayList<>(jsc.parallelize(todo, todo.size()).map(task::run).collect());
    } finally {
      jsc.clearJobGroup();
      trainBroadcast.destroy();
      testBroadcast.destroy();
    }
  }

  private String writeTable(List<ModelRecord> records, Configuration hadoop) {
    Path target = new Path(options.outDir(), ModelsTable.FILE_NAME);
    double minAccuracy = options.config().train().minAccuracy();
    try {
      Outputs.writeSingleParquet(ModelsTable.of(spark, records, minAccuracy), hadoop, target);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
    return target.toString();
  }

  private TrainResult result(
      List<ModelRecord> records, int trainedNow, String table, Duration elapsed) {
    double minAccuracy = options.config().train().minAccuracy();
    ModelRecord best =
        records.stream()
            .filter(r -> !r.diverged())
            .max(Comparator.comparingDouble(ModelRecord::testAccuracy))
            .orElse(null);
    return new TrainResult(
        records.size(),
        trainedNow,
        records.size() - trainedNow,
        (int) records.stream().filter(ModelRecord::diverged).count(),
        (int) records.stream().filter(r -> r.kept(minAccuracy)).count(),
        best == null ? Double.NaN : best.testAccuracy(),
        best == null ? null : best.modelId(),
        table,
        elapsed);
  }
}
