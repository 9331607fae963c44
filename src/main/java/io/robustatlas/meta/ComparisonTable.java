package io.robustatlas.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The console table of test-split metrics: one block per task, one line per cell. */
final class ComparisonTable {
  private static final List<String> REGRESSION = List.of("r2", "mae", "rmse", "spearman");
  private static final List<String> CLASSIFICATION =
      List.of("accuracy", "balanced_accuracy", "auroc", "aupr_error", "aupr_success");
  /** Short headers, so a line fits a terminal. */
  private static final Map<String, String> HEADERS =
      Map.of("accuracy", "acc", "balanced_accuracy", "bal_acc", "aupr_error", "aupr_err",
          "aupr_success", "aupr_succ");

  private ComparisonTable() {}

  /** @param metrics rows of {@code metrics.parquet}, in the order to print */
  static String format(List<Row> metrics) {
    List<String> lines = new ArrayList<>();
    block(lines, metrics, MetaTask.REGRESSION, REGRESSION);
    block(lines, metrics, MetaTask.CLASSIFICATION, CLASSIFICATION);
    return lines.isEmpty() ? "  (no cells committed yet)" : String.join(System.lineSeparator(), lines);
  }

  private static void block(List<String> lines, List<Row> metrics, MetaTask task, List<String> columns) {
    List<Row> rows = metrics.stream().filter(r -> task.toString().equals(r.getAs("task"))).toList();
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder header = new StringBuilder(String.format("  %-6s %-15s %-11s %5s %6s", "split", "task", "model", "seed", "test"));
    columns.forEach(c -> header.append(String.format(" %9s", HEADERS.getOrDefault(c, c))));
    lines.add(header.toString());
    for (Row row : rows) {
      Long seed = row.getAs("seed");
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "  %-6s %-15s %-11s %5s %6d",
                  row.<String>getAs("split_by"), task, row.<String>getAs("model"),
                  seed == null ? "-" : seed.toString(), row.<Long>getAs("test_pairs")));
      for (String column : columns) {
        Double value = row.getAs(column);
        line.append(String.format(Locale.ROOT, " %9s", value == null ? "-" : String.format(Locale.ROOT, "%.4f", value)));
      }
      lines.add(line.toString());
    }
  }
}
