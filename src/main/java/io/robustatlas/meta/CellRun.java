package io.robustatlas.meta;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.MetaConfig;
import io.robustatlas.model.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** Fits one cell, measures it on the test split and commits it. */
final class CellRun {
  private final SparkSession spark;
  private final AtlasConfig config;
  private final MetaConfig meta;
  private final Cell cell;
  private final Dataset<Row> table;
  private final Map<String, Long> sizes;
  private final long startNanos;

  /**
   * @param table the protocol's standardised feature table
   * @param sizes pairs per split of {@code table}
   */
  CellRun(
      SparkSession spark, AtlasConfig config, Cell cell, Dataset<Row> table,
      Map<String, Long> sizes, long startNanos) {
    this.spark = spark;
    this.config = config;
    this.meta = config.meta();
    this.cell = cell;
    this.table = table;
    this.sizes = sizes;
    this.startNanos = startNanos;
  }

  void run(MetaStore store) {
    if (cell.isNetwork()) {
      runNetwork(store);
    } else {
      runBaseline(store);
    }
  }

  private void runNetwork(MetaStore store) {
    MetaArch arch = MetaArch.valueOf(cell.model().toUpperCase(Locale.ROOT));
    NetworkFit fit = NetworkFit.fit(spark, table, meta, arch, cell.task(), cell.seed(), cell.id());
    MetaBatches batches = new MetaBatches(NetworkFit.widths(meta), cell.task().target());
    // The scorer's broadcast lives until the predictions are committed.
    try (NetworkScorer scorer = new NetworkScorer(spark, fit.network(), batches, meta.batchSize())) {
      commit(store, scorer.predict(FeatureTable.of(table, Split.TEST)), meta.trainer().toString(), fit);
    }
  }

  private void runBaseline(MetaStore store) {
    Baseline baseline = baseline();
    Dataset<Row> predictions =
        Baselines.predict(baseline, cell.task(), table, meta, config.run().seed());
    boolean fitted = baseline != Baseline.MSP || cell.task() == MetaTask.REGRESSION;
    commit(store, predictions, fitted ? "mllib" : "none", null);
  }

  private Baseline baseline() {
    for (Baseline baseline : Baseline.values()) {
      if (baseline.modelName(cell.task()).equals(cell.model())) {
        return baseline;
      }
    }
    throw new IllegalArgumentException("No baseline named " + cell.model());
  }

  private void commit(MetaStore store, Dataset<Row> predictions, String trainer, NetworkFit fit) {
    Dataset<Row> cached = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> scored = cached.select("target", "prediction").collectAsList();
      double[] target = scored.stream().mapToDouble(r -> r.getDouble(0)).toArray();
      double[] prediction = scored.stream().mapToDouble(r -> r.getDouble(1)).toArray();
      boolean regression = cell.task() == MetaTask.REGRESSION;
      CellResult result =
          new CellResult(
              cell,
              trainer,
              meta.noise().toString(),
              meta.level(),
              meta.inputs().stream().map(MetaInput::column).collect(Collectors.joining(",")),
              sizes.getOrDefault(Split.TRAIN.toString(), 0L),
              sizes.getOrDefault(Split.VALIDATION.toString(), 0L),
              sizes.getOrDefault(Split.TEST.toString(), 0L),
              regression ? RegressionMetrics.of(target, prediction) : null,
              regression ? null : ClassificationMetrics.of(target, prediction),
              fit == null ? null : fit.trainLoss().length,
              fit == null ? null : fit.bestEpoch(),
              fit == null ? new double[0] : fit.trainLoss(),
              fit == null ? new double[0] : fit.validationLoss(),
              (System.nanoTime() - startNanos) / 1e9,
              fit == null ? null : MetaStore.networkPath(cell));
      store.commit(result, fit == null ? null : zip(fit), cached);
    } finally {
      cached.unpersist();
    }
  }

  private static byte[] zip(NetworkFit fit) {
    try {
      return ModelStore.serialize(fit.network());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialise the meta-network", e);
    }
  }
}
