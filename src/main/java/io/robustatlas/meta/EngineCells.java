package io.robustatlas.meta;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.MetaConfig;
import io.robustatlas.meta.engine.MetaNet;
import io.robustatlas.meta.engine.NetFile;
import io.robustatlas.model.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a protocol's network cells on the engine, in parallel: the protocol's three splits are
 * collected once (pair order) and broadcast, and each network is one Spark task ({@link
 * EngineFit}) using its task's cores, as the train stage trains one LeNet per task. The driver
 * commits every cell that came back; one that failed is listed and left for the next run.
 */
final class EngineCells {
  private static final Logger LOG = LoggerFactory.getLogger(EngineCells.class);

  /** Share of the memory the splits' features may take for {@code auto} to pick the engine. */
  static final double MEMORY_SHARE = 0.25;

  private final SparkSession spark;
  private final AtlasConfig config;

  EngineCells(SparkSession spark, AtlasConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Whether {@code meta.trainer} means the engine for a protocol of {@code pairs} rows: {@code
   * engine}; or {@code auto} when the features fit {@link #MEMORY_SHARE} of the memory of the
   * driver (which collects them) and of an executor (which holds the broadcast copy); else
   * dl4j-spark, which needs a body DL4J expresses.
   */
  static boolean useEngine(SparkSession spark, MetaConfig meta, long pairs) {
    return switch (meta.trainer()) {
      case ENGINE -> true;
      case LOCAL, SPARK -> false;
      case AUTO -> 4.0 * pairs * meta.featureCount() <= MEMORY_SHARE * memory(spark);
    };
  }

  /** The smaller of the driver's heap and an executor's memory (the same JVM in local mode). */
  private static double memory(SparkSession spark) {
    double driver = Runtime.getRuntime().maxMemory();
    if (spark.sparkContext().master().startsWith("local")) {
      return driver;
    }
    double executor = spark.sparkContext().conf().getSizeAsBytes("spark.executor.memory", "1g");
    return Math.min(driver, executor);
  }

  /** Fits {@code cells} (network cells of one protocol) and commits each that succeeded. */
  void fitAndCommit(
      List<Cell> cells, Dataset<Row> table, Map<String, Long> sizes, MetaStore store,
      List<String> failures, Runnable onFitted) {
    MetaConfig meta = config.meta();
    int width = meta.featureCount();
    EngineFit.Splits splits =
        new EngineFit.Splits(
            SplitRows.collect(table, Split.TRAIN, width),
            SplitRows.collect(table, Split.VALIDATION, width),
            SplitRows.collect(table, Split.TEST, width));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<EngineFit.Splits> shared = jsc.broadcast(splits);
    LOG.info("meta: fitting {} networks on the engine, one Spark task each", cells.size());
    jsc.setJobGroup("meta", "fit " + cells.size() + " networks on the engine", false);
    List<EngineFit.Outcome> outcomes;
    try {
      outcomes =
          jsc.parallelize(cells, cells.size())
              .map(cell -> EngineFit.fit(cell, meta, shared.value(), taskThreads()))
              .collect();
    } finally {
      jsc.clearJobGroup();
      shared.destroy();
    }
    for (EngineFit.Outcome outcome : outcomes) {
      if (outcome.failure() != null) {
        failures.add(outcome.cell().id() + ": " + outcome.failure());
        continue;
      }
      commit(outcome, table, sizes, splits.test(), store);
      onFitted.run();
    }
  }

  private static int taskThreads() {
    TaskContext task = TaskContext.get();
    return task == null ? 1 : task.cpus();
  }

  private void commit(
      EngineFit.Outcome outcome, Dataset<Row> table, Map<String, Long> sizes, SplitRows test,
      MetaStore store) {
    Cell cell = outcome.cell();
    long start = System.nanoTime() - (long) (outcome.seconds() * 1e9);
    CellRun.Fitted fitted =
        new CellRun.Fitted("engine", outcome.trainLoss(), outcome.validationLoss(),
            outcome.bestEpoch(), zip(cell, outcome.params()));
    new CellRun(spark, config, cell, table, sizes, start)
        .commit(store, predictions(cell, test, outcome.testPredictions()), fitted);
    LOG.info("meta: {} done ({} epochs, best {}) in {} s", cell.id(), outcome.trainLoss().length,
        outcome.bestEpoch(), String.format("%.1f", outcome.seconds()));
  }

  /** The test split's predictions in the columns {@link NetworkScorer} gives. */
  private Dataset<Row> predictions(Cell cell, SplitRows test, float[] predicted) {
    double[] targets = test.targets(cell.task());
    List<Row> rows = new ArrayList<>(test.count());
    for (int i = 0; i < test.count(); i++) {
      rows.add(RowFactory.create(test.modelIds()[i], test.sampleIndices()[i], Split.TEST.toString(),
          targets[i], (double) predicted[i]));
    }
    return spark.createDataFrame(rows, NetworkScorer.SCHEMA);
  }

  /**
   * The network's zip: for a body DL4J expresses, the DL4J graph with the engine's parameters
   * ({@code ModelSerializer}, as the other trainers write); else the engine's {@link NetFile}.
   */
  private byte[] zip(Cell cell, float[] params) {
    MetaConfig meta = config.meta();
    MetaArch arch = MetaArch.valueOf(cell.model().toUpperCase(Locale.ROOT));
    MetaNet net = MetaNet.create(EngineNets.spec(meta, arch, cell.task()), cell.seed());
    System.arraycopy(params, 0, net.params(), 0, params.length);
    net.refreshTransposed();
    try {
      if (!arch.inDl4j()) {
        return NetFile.write(net);
      }
      ComputationGraph graph = MetaNetworks.create(meta, arch, cell.task(), cell.seed());
      EngineNets.copy(net, graph);
      return ModelStore.serialize(graph);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise the meta-network " + cell.id(), e);
    }
  }
}
