package io.robustatlas.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the robustness section draws, aggregated by Spark over {@code pairs.parquet} (only the few
 * columns needed are read): per noise kind and level, totals and means, the pairs counted by
 * (ratio, correct), and the ratio's moments by (predicted class, correct); over all pairs, the mean
 * Wilson width by (copies, ratio). Each query returns at most a few thousand rows, whatever the
 * size of the table: a ratio over n copies takes at most n + 1 values.
 */
final class PairAggregates {
  /**
   * Totals of one noise kind and level.
   *
   * @param correctMean mean ratio over the pairs the model classifies correctly (NaN if none)
   * @param wrongMean mean ratio over the misclassified pairs (NaN if none)
   * @param meanWidth mean width of the 95% Wilson interval of the ratio
   */
  record LevelTotals(
      long models,
      long pairs,
      long correct,
      double correctMean,
      double wrongMean,
      double meanWidth,
      double maxWidth,
      int minCopies,
      int maxCopies,
      double meanKl) {}

  final Map<NoiseLevel, LevelTotals> totals = new TreeMap<>();

  /** Per level, the pairs by ratio, correct ones positive. */
  final Map<NoiseLevel, ScoreCounts> ratios = new TreeMap<>();

  /** Per level and predicted class, the ratio's moments over correct [0] and wrong [1] pairs. */
  final Map<NoiseLevel, Map<Integer, Moments[]>> byClass = new TreeMap<>();

  /** Per number of copies, the mean Wilson width at each ratio. */
  final Map<Integer, TreeMap<Double, Double>> widths = new TreeMap<>();

  private PairAggregates() {}

  static PairAggregates of(Dataset<Row> pairs) {
    PairAggregates aggregates = new PairAggregates();
    Column width = col("ratio_high").minus(col("ratio_low"));
    for (Row row :
        pairs.groupBy("noise", "level")
            .agg(countDistinct("model_id"), count(lit(1)),
                sum(when(col("correct"), 1).otherwise(0)),
                avg(when(col("correct"), col("ratio"))), avg(when(not(col("correct")), col("ratio"))),
                avg(width), max(width), min("copies"), max("copies"), avg("mean_kl"))
            .collectAsList()) {
      aggregates.totals.put(
          level(row),
          new LevelTotals(row.getLong(2), row.getLong(3), row.getLong(4), Values.orNaN(row, 5),
              Values.orNaN(row, 6), row.getDouble(7), row.getDouble(8), row.getInt(9), row.getInt(10),
              row.getDouble(11)));
    }
    for (Row row : pairs.groupBy("noise", "level", "ratio", "correct").count().collectAsList()) {
      aggregates.ratios.computeIfAbsent(level(row), l -> new ScoreCounts())
          .add(row.getDouble(2), row.getBoolean(3), row.getLong(4));
    }
    for (Row row :
        pairs.groupBy("noise", "level", "predicted", "correct")
            .agg(count(lit(1)), sum("ratio"), sum(col("ratio").multiply(col("ratio"))))
            .collectAsList()) {
      aggregates.byClass.computeIfAbsent(level(row), l -> new TreeMap<>())
          .computeIfAbsent(row.getInt(2), c -> new Moments[] {Moments.EMPTY, Moments.EMPTY})
          [row.getBoolean(3) ? 0 : 1] = new Moments(row.getLong(4), row.getDouble(5), row.getDouble(6));
    }
    for (Row row : pairs.groupBy("copies", "ratio").agg(avg(width)).collectAsList()) {
      aggregates.widths.computeIfAbsent(row.getInt(0), c -> new TreeMap<>())
          .put(row.getDouble(1), row.getDouble(2));
    }
    return aggregates;
  }

  /**
   * The share of the ratio's variance at {@code level} that lies between the predicted classes
   * (η²); with {@code byCorrectness}, between correct and wrong pairs instead.
   */
  double varianceShare(NoiseLevel level, boolean byCorrectness) {
    Map<Integer, Moments[]> classes = byClass.get(level);
    if (byCorrectness) {
      Moments correct = Moments.EMPTY;
      Moments wrong = Moments.EMPTY;
      for (Moments[] cell : classes.values()) {
        correct = correct.plus(cell[0]);
        wrong = wrong.plus(cell[1]);
      }
      return Moments.betweenGroupShare(List.of(correct, wrong));
    }
    return Moments.betweenGroupShare(
        classes.values().stream().map(cell -> cell[0].plus(cell[1])).toList());
  }

  private static NoiseLevel level(Row row) {
    return new NoiseLevel(row.getString(0), row.getDouble(1));
  }
}
