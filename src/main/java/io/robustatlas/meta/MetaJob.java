package io.robustatlas.meta;

import io.robustatlas.AtlasException;
import io.robustatlas.config.MetaConfig;
import io.robustatlas.robustness.PairsTable;
import io.robustatlas.run.Stage;
import io.robustatlas.run.StageStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code meta} stage: reads the pairs of one noise kind and level, splits them (by model or by
 * pair), and fits the grid of meta-networks and baselines on the training split, each scored on the
 * test split. Cells an earlier run committed are skipped; a cell that fails is listed and retried
 * by the next run. All checks of the input come before the first write.
 */
public final class MetaJob {
  private static final Logger LOG = LoggerFactory.getLogger(MetaJob.class);
  private static final String STAGE = Stage.META.id();

  private final SparkSession spark;
  private final MetaOptions options;

  public MetaJob(SparkSession spark, MetaOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Runs the stage, recorded in the folder's manifest.
   *
   * @throws AtlasException (exit 2) when the folder has no finished robustness stage, no pairs of
   *     the chosen noise and level, too few models or pairs for a split, a stored split that the
   *     pairs no longer give, or was made with another config
   */
  public MetaResult run() {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    PairsTable.requireFinishedRobustnessStage(hadoop, options.outDir());
    StageStart begun =
        StageStart.open(hadoop, options.outDir(), options.config(), Stage.META, options.force());
    return begun.manifest().record(() -> fitAll());
  }

  /** Running totals of one run. */
  private static final class Progress {
    int fitted;
    final List<String> failures = new ArrayList<>();
  }

  private MetaResult fitAll() {
    long start = System.nanoTime();
    MetaConfig meta = options.config().meta();
    Dataset<Row> pairs = selectedPairs();
    MetaStore store = new MetaStore(spark, options.outDir());
    Map<SplitBy, Dataset<Row>> splits = assign(pairs, store);
    // Every check passed: from here on the stage writes.
    store.recover();
    splits.forEach(store::writeSplit);
    Set<String> done = store.committedCells();
    List<Cell> cells = grid(meta);
    List<Cell> todo = cells.stream().filter(c -> !done.contains(c.id())).toList();
    LOG.info("meta: {} cells, {} already done, {} to fit", cells.size(), cells.size() - todo.size(), todo.size());
    Progress progress = new Progress();
    for (SplitBy splitBy : meta.splits()) {
      List<Cell> mine = todo.stream().filter(c -> c.splitBy() == splitBy).toList();
      if (!mine.isEmpty()) {
        fitProtocol(splitBy, mine, pairs, splits.get(splitBy), store, progress);
      }
    }
    splits.values().forEach(Dataset::unpersist);
    pairs.unpersist();
    return new MetaResult(
        cells.size(),
        progress.fitted,
        cells.size() - todo.size(),
        progress.failures,
        store.metrics(),
        store.metricsTable(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The pairs of {@code meta.noise} at {@code meta.level}, from a finished robustness stage. */
  private Dataset<Row> selectedPairs() {
    Path pairsDir = new Path(options.outDir(), PairsTable.DIR_NAME);
    MetaConfig meta = options.config().meta();
    Dataset<Row> all = spark.read().parquet(pairsDir.toString());
    Dataset<Row> pairs =
        all.where(PairSelection.of(meta.noise(), meta.level())).persist(StorageLevel.MEMORY_AND_DISK());
    if (pairs.isEmpty()) {
      throw new AtlasException(
          pairsDir + " has no pairs of noise " + meta.noise() + " at level " + meta.level()
              + " (meta.noise, meta.level); it holds " + PairSelection.present(all));
    }
    return pairs;
  }

  /** The split of every protocol, checked against the splits stored by an earlier run. */
  private Map<SplitBy, Dataset<Row>> assign(Dataset<Row> pairs, MetaStore store) {
    MetaConfig meta = options.config().meta();
    String where = PairsTable.DIR_NAME + " (noise " + meta.noise() + ", level " + meta.level() + ")";
    Map<SplitBy, Dataset<Row>> splits = new EnumMap<>(SplitBy.class);
    for (SplitBy splitBy : meta.splits()) {
      Dataset<Row> assignment =
          SplitAssignment.assign(spark, pairs, splitBy, options.config().run().seed(), where)
              .persist(StorageLevel.MEMORY_AND_DISK());
      store.requireSameSplit(splitBy, assignment);
      splits.put(splitBy, assignment);
    }
    return splits;
  }

  /** Every cell of the configured grid: per protocol and task, the baselines, then the networks. */
  static List<Cell> grid(MetaConfig meta) {
    List<Cell> cells = new ArrayList<>();
    for (SplitBy splitBy : meta.splits()) {
      for (MetaTask task : meta.tasks()) {
        meta.baselines().forEach(b -> cells.add(Cell.baseline(splitBy, task, b)));
        for (MetaArch arch : meta.archs()) {
          meta.seeds().forEach(seed -> cells.add(Cell.network(splitBy, task, arch, seed)));
        }
      }
    }
    return cells;
  }

  private void fitProtocol(
      SplitBy splitBy, List<Cell> cells, Dataset<Row> pairs, Dataset<Row> assignment,
      MetaStore store, Progress progress) {
    FeatureTable.Standardised standardised =
        FeatureTable.standardised(pairs, assignment, splitBy, options.config().meta());
    store.writeScaling(splitBy, standardised.scaling());
    Dataset<Row> table = standardised.table();
    try {
      Map<String, Long> sizes = new HashMap<>();
      table.groupBy("split").count().collectAsList().forEach(r -> sizes.put(r.getString(0), r.getLong(1)));
      LOG.info("meta: split by {}: {} pairs", splitBy, sizes);
      long pairCount = sizes.values().stream().mapToLong(Long::longValue).sum();
      boolean engine = EngineCells.useEngine(spark, options.config().meta(), pairCount);
      List<Cell> onEngine = cells.stream().filter(c -> engine && c.isNetwork()).toList();
      requireDl4jBodies(cells, onEngine, pairCount);
      if (!onEngine.isEmpty()) {
        new EngineCells(spark, options.config())
            .fitAndCommit(
                onEngine, table, sizes, store, progress.failures, () -> progress.fitted++);
      }
      for (Cell cell : cells) {
        if (!onEngine.contains(cell)) {
          fitCell(cell, table, sizes, store, progress);
        }
      }
    } finally {
      table.unpersist();
    }
  }

  /** Refuses a body only the engine fits when the networks go to DL4J. */
  private void requireDl4jBodies(List<Cell> cells, List<Cell> onEngine, long pairs) {
    for (Cell cell : cells) {
      if (cell.isNetwork() && !onEngine.contains(cell)
          && !MetaArch.valueOf(cell.model().toUpperCase(java.util.Locale.ROOT)).inDl4j()) {
        throw new AtlasException(
            "Cannot fit meta.arch " + cell.model() + " on DL4J (meta.trainer = "
                + options.config().meta().trainer() + ", " + pairs + " pairs): only the engine"
                + " has it; set meta.trainer = engine, or give the executors more memory");
      }
    }
  }

  private void fitCell(
      Cell cell, Dataset<Row> table, Map<String, Long> sizes, MetaStore store, Progress progress) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup(STAGE, "fit " + cell.id(), false);
    long start = System.nanoTime();
    try {
      new CellRun(spark, options.config(), cell, table, sizes, start).run(store);
      progress.fitted++;
      LOG.info("meta: {} done in {} s", cell.id(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
    } catch (AtlasException e) {
      throw e;
    } catch (RuntimeException e) {
      String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      progress.failures.add(cell.id() + ": " + reason.replaceAll("\\s*\\R\\s*", " "));
      LOG.error("meta: cell {} failed", cell.id(), e);
    } finally {
      jsc.clearJobGroup();
    }
  }

}
