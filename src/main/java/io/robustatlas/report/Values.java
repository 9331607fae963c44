package io.robustatlas.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Small conversions between Spark rows, the page's numbers and XChart's series. */
final class Values {
  private Values() {}

  /** A double column that Spark leaves null (an average over no rows) as NaN. */
  static double orNaN(Row row, int column) {
    return row.isNullAt(column) ? Double.NaN : row.getDouble(column);
  }

  /** XChart draws no NaN bar: an undefined bar (a group without rows) is drawn as 0. */
  static double zeroIfNaN(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  /** A category series' values, each multiplied by {@code scale}. */
  static List<Double> list(double[] values, double scale) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(scale * value);
    }
    return list;
  }
}
