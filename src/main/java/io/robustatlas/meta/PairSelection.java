package io.robustatlas.meta;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which rows of {@code pairs.parquet} the meta stage reads: one noise kind at one level
 * ({@code meta.noise}, {@code meta.level}). The pairs table knows only gaussian noise so far, its
 * level being the {@code sigma} column; a table with other kinds changes only this class.
 */
public final class PairSelection {
  /** Noise kinds {@code pairs.parquet} can hold. */
  public static final List<String> NOISE_KINDS = List.of("gaussian");

  /** The pairs table column that holds a pair's noise level. */
  private static final String LEVEL_COLUMN = "sigma";

  /** Levels closer than this are the same level: they come from the same config number. */
  private static final double SAME_LEVEL = 1e-9;

  private PairSelection() {}

  /** The filter that keeps the pairs of {@code noise} at {@code level}. */
  public static Column of(String noise, double level) {
    if (!NOISE_KINDS.contains(noise)) {
      throw new IllegalArgumentException("Unknown noise kind " + noise);
    }
    return abs(col(LEVEL_COLUMN).minus(lit(level))).lt(SAME_LEVEL);
  }

  /** The noise kinds and levels {@code pairs} holds, e.g. {@code [gaussian 0.5, gaussian 0.9]}. */
  public static List<String> present(Dataset<Row> pairs) {
    return pairs.select(LEVEL_COLUMN).distinct().orderBy(LEVEL_COLUMN).collectAsList().stream()
        .map(row -> NOISE_KINDS.get(0) + " " + row.getDouble(0))
        .toList();
  }
}
