package io.robustatlas.robustness;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.robustatlas.spark.GroupCommits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The stage's two output folders, committed group by group with {@link GroupCommits}: a group's
 * pairs file first, then its counts file under the same name (the commit point).
 */
final class PairsStore {
  private final SparkSession spark;
  private final Path pairsDir;
  private final GroupCommits groups;

  PairsStore(SparkSession spark, String outDir) {
    this.spark = spark;
    this.pairsDir = new Path(outDir, PairsTable.DIR_NAME);
    this.groups = new GroupCommits(spark, pairsDir, new Path(outDir, PairCountsTable.DIR_NAME));
  }

  String pairsDir() {
    return pairsDir.toString();
  }

  /** Deletes uncommitted pairs files and staging folders left by a crashed run. */
  void recover() throws IOException {
    groups.recover();
  }

  /** Ids of models whose pairs are committed. */
  Set<String> committedModels() {
    return groups.committedModels();
  }

  /**
   * Commits one group ({@link GroupCommits#commit}).
   *
   * @param pairs rows of {@link PairsTable#schema}
   * @param counts rows of {@link PairCountsTable#SCHEMA}, one per model of the group
   */
  void commit(List<Row> pairs, List<Row> counts, boolean allLayers) throws IOException {
    List<Row> sortedCounts = new ArrayList<>(counts);
    sortedCounts.sort(Comparator.comparing(row -> row.getString(0)));
    Dataset<Row> pairsTable =
        spark.createDataFrame(pairs, PairsTable.schema(allLayers))
            .coalesce(1)
            .sortWithinPartitions("model_id", "sample_index", "noise", "level");
    groups.commit(
        pairsTable,
        spark.createDataFrame(sortedCounts, PairCountsTable.SCHEMA),
        sortedCounts.stream().map(row -> row.getString(0)).toList());
  }

  /** Mean ratios of the committed pairs per noise kind and level, in that order. */
  List<LevelRatios> meanRatios() {
    if (!groups.hasParts(pairsDir)) {
      return List.of();
    }
    List<LevelRatios> means = new ArrayList<>();
    for (Row row : meanRatiosBy("noise", "level").orderBy("noise", "level").collectAsList()) {
      means.add(
          new LevelRatios(
              row.getString(0), row.getDouble(1), orNaN(row, 2), orNaN(row, 3)));
    }
    return means;
  }

  /** Per committed model and noise level, its mean ratio on correct and on wrong pairs. */
  Map<String, Map<Ablation.Level, Ablation.Ratios>> modelRatios() {
    Map<String, Map<Ablation.Level, Ablation.Ratios>> ratios = new HashMap<>();
    if (!groups.hasParts(pairsDir)) {
      return ratios;
    }
    for (Row row : meanRatiosBy("model_id", "noise", "level").collectAsList()) {
      ratios
          .computeIfAbsent(row.getString(0), id -> new HashMap<>())
          .put(
              new Ablation.Level(row.getString(1), row.getDouble(2)),
              new Ablation.Ratios(orNaN(row, 3), orNaN(row, 4)));
    }
    return ratios;
  }

  /** The committed pairs grouped by {@code keys}: the keys, mean correct and wrong ratio. */
  private Dataset<Row> meanRatiosBy(String... keys) {
    return spark.read().parquet(pairsDir.toString())
        .groupBy(Arrays.stream(keys).map(functions::col).toArray(Column[]::new))
        .agg(
            avg(when(col("correct"), col("ratio"))),
            avg(when(not(col("correct")), col("ratio"))));
  }

  private static double orNaN(Row row, int column) {
    return row.isNullAt(column) ? Double.NaN : row.getDouble(column);
  }
}
