package io.robustatlas.explain;

import io.robustatlas.robustness.PairsTable;
import io.robustatlas.spark.GroupCommits;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The stage's headline over every committed model: per noise kind and level of {@code
 * pairs.parquet}, Pearson's r between a pair's relevance concentration and its ratio, for correct
 * and wrong pairs, and the mean number of channels an image needs.
 */
final class ExplainSummary {
  private final SparkSession spark;
  private final String outDir;
  private final boolean empty;

  ExplainSummary(SparkSession spark, String outDir, GroupCommits store) {
    this.spark = spark;
    this.outDir = outDir;
    this.empty = !store.hasParts(new Path(outDir, ExplainTables.PAIRS_DIR));
  }

  /**
   * Per noise kind and level of the pairs, Pearson's r for correct and wrong pairs, and the mean
   * number of channels an image needs: each explained sample has one pair per level, so that
   * mean is the same in every group and one query (one Spark job) gives everything.
   */
  Result read() {
    List<ExplainResult.Correlation> correlations = new ArrayList<>();
    if (empty) {
      return new Result(correlations, Double.NaN);
    }
    spark.read().parquet(path(ExplainTables.PAIRS_DIR)).createOrReplaceTempView("explain_pairs");
    spark.read().parquet(path(PairsTable.DIR_NAME)).createOrReplaceTempView("probed_pairs");
    List<Row> rows =
        spark
            .sql(
                "SELECT p.noise, p.level,"
                    + " corr(CASE WHEN p.correct THEN e.concentration END,"
                    + "      CASE WHEN p.correct THEN p.ratio END),"
                    + " count(CASE WHEN p.correct THEN 1 END),"
                    + " corr(CASE WHEN NOT p.correct THEN e.concentration END,"
                    + "      CASE WHEN NOT p.correct THEN p.ratio END),"
                    + " count(CASE WHEN NOT p.correct THEN 1 END),"
                    + " avg(e.needed_channels)"
                    + " FROM explain_pairs e JOIN probed_pairs p"
                    + " ON e.model_id = p.model_id AND e.sample_index = p.sample_index"
                    + " WHERE NOT isnan(e.concentration)"
                    + " GROUP BY p.noise, p.level ORDER BY p.noise, p.level")
            .collectAsList();
    for (Row row : rows) {
      correlations.add(
          new ExplainResult.Correlation(
              row.getString(0), row.getDouble(1), orNaN(row, 2), row.getLong(3), orNaN(row, 4),
              row.getLong(5)));
    }
    spark.catalog().dropTempView("explain_pairs");
    spark.catalog().dropTempView("probed_pairs");
    return new Result(correlations, rows.isEmpty() ? Double.NaN : orNaN(rows.get(0), 6));
  }

  /** The summary's figures; NaN where there is nothing to summarise. */
  record Result(List<ExplainResult.Correlation> correlations, double meanNeededChannels) {}

  private String path(String name) {
    return new Path(outDir, name).toString();
  }

  private static double orNaN(Row row, int column) {
    return row.isNullAt(column) ? Double.NaN : row.getDouble(column);
  }
}
