package io.robustatlas.robustness;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.robustatlas.spark.GroupCommits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
    Dataset<Row> pairs = spark.read().parquet(pairsDir.toString());
    List<LevelRatios> means = new ArrayList<>();
    for (Row row :
        pairs.groupBy("noise", "level")
            .agg(
                avg(when(col("correct"), col("ratio"))),
                avg(when(not(col("correct")), col("ratio"))))
            .orderBy("noise", "level")
            .collectAsList()) {
      means.add(
          new LevelRatios(
              row.getString(0), row.getDouble(1), orNaN(row, 2), orNaN(row, 3)));
    }
    return means;
  }

  private static double orNaN(Row row, int column) {
    return row.isNullAt(column) ? Double.NaN : row.getDouble(column);
  }
}
