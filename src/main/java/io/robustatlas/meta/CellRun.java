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
  /**
   * A fitted network's record: its losses per epoch, the kept epoch and its zip.
   *
   * @param trainer what fitted it ({@code engine}, {@code local}, {@code spark})
   */
  record Fitted(
      String trainer, double[] trainLoss, double[] validationLoss, int bestEpoch, byte[] zip) {}

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
      Fitted fitted =
          new Fitted(NetworkFit.trainerName(meta), fit.trainLoss(), fit.validationLoss(),
              fit.bestEpoch(), zip(fit));
      commit(store, scorer.predict(FeatureTable.of(table, Split.TEST)), fitted);
    }
  }

  private void runBaseline(MetaStore store) {
    Baseline baseline = baseline();
    Dataset<Row> predictions =
        Baselines.predict(baseline, cell.task(), table, meta, config.run().seed());
    boolean fitted = baseline != Baseline.MSP || cell.task() == MetaTask.REGRESSION;
    commit(store, predictions, new Fitted(fitted ? "mllib" : "none", null, null, 0, null));
  }

  private Baseline baseline() {
    for (Baseline baseline : Baseline.values()) {
      if (baseline.modelName(cell.task()).equals(cell.model())) {
        return baseline;
      }
    }
    throw new IllegalArgumentException("No baseline named " + cell.model());
  }

  /** Measures {@code predictions} (the test split's) and commits the cell with them. */
  void commit(MetaStore store, Dataset<Row> predictions, Fitted fit) {
    Dataset<Row> cached = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> scored = cached.select("target", "prediction").collectAsList();
      double[] target = scored.stream().mapToDouble(r -> r.getDouble(0)).toArray();
      double[] prediction = scored.stream().mapToDouble(r -> r.getDouble(1)).toArray();
      boolean regression = cell.task() == MetaTask.REGRESSION;
      boolean network = fit.zip() != null;
      CellResult result =
          new CellResult(
              cell,
              fit.trainer(),
              meta.noise().toString(),
              meta.level(),
              meta.inputs().stream().map(MetaInput::column).collect(Collectors.joining(",")),
              sizes.getOrDefault(Split.TRAIN.toString(), 0L),
              sizes.getOrDefault(Split.VALIDATION.toString(), 0L),
              sizes.getOrDefault(Split.TEST.toString(), 0L),
              regression ? RegressionMetrics.of(target, prediction) : null,
              regression ? null : ClassificationMetrics.of(target, prediction),
              network ? fit.trainLoss().length : null,
              network ? fit.bestEpoch() : null,
              network ? fit.trainLoss() : new double[0],
              network ? fit.validationLoss() : new double[0],
              (System.nanoTime() - startNanos) / 1e9,
              network ? MetaStore.networkPath(cell) : null);
      store.commit(result, fit.zip(), cached);
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
