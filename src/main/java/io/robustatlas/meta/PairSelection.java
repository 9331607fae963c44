package io.robustatlas.meta;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustatlas.noise.NoiseKind;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which rows of {@code pairs.parquet} the meta stage reads: one noise kind at one level
 * ({@code meta.noise}, {@code meta.level}).
 */
public final class PairSelection {
  /** Levels closer than this are the same level: they come from the same config number. */
  private static final double SAME_LEVEL = 1e-9;

  private PairSelection() {}

  /** The filter that keeps the pairs of {@code noise} at {@code level}. */
  public static Column of(NoiseKind noise, double level) {
    return col("noise").equalTo(lit(noise.toString()))
        .and(abs(col("level").minus(lit(level))).lt(SAME_LEVEL));
  }

  /** The noise kinds and levels {@code pairs} holds, e.g. {@code [gaussian 0.5, shot 10.0]}. */
  public static List<String> present(Dataset<Row> pairs) {
    return pairs.select("noise", "level").distinct().orderBy("noise", "level").collectAsList()
        .stream()
        .map(row -> row.getString(0) + " " + row.getDouble(1))
        .toList();
  }
}
