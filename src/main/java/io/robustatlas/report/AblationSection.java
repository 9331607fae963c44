package io.robustatlas.report;

import static org.apache.spark.sql.functions.col;

import io.robustatlas.robustness.AblationTable;
import io.robustatlas.run.Stage;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ablation summary, from {@code ablation.parquet}: per noise level, each value of each grid
 * axis that varies, compared on models that differ only in that axis, with the axis whose values
 * move the mean accuracy most named in the table's reading.
 */
final class AblationSection implements ReportSection {

  @Override
  public String title() {
    return "Ablation";
  }

  @Override
  public String table() {
    return AblationTable.FILE_NAME;
  }

  @Override
  public String stage() {
    return Stage.ROBUSTNESS.id();
  }

  @Override
  public void draw(RunFolder folder, Page page) {
    Dataset<Row> ablation = folder.table(table()).orElseThrow();
    page.paragraph(
        "Each value of a grid axis against the models that differ from it in that axis only"
            + " (matched groups: every other axis, the seed included, held fixed); mean ± sample"
            + " standard deviation over those models.");
    List<Row> levels = ablation.select("noise", "level").distinct().orderBy("noise", "level")
        .collectAsList();
    for (Row level : levels) {
      NoiseLevel noise = new NoiseLevel(level.getString(0), level.getDouble(1));
      page.subheading("Mean ratios under " + noise);
      page.table(levelTable(ablation.where(
          col("noise").equalTo(noise.noise()).and(col("level").equalTo(noise.level())))));
    }
  }

  private static Table levelTable(Dataset<Row> rows) {
    Table.Builder table =
        new Table.Builder("axis", "value", "models", "accuracy", "kept share", "ratio, correct",
            "ratio, wrong");
    String widestAxis = null;
    double widest = -1;
    String axis = null;
    double low = Double.NaN;
    double high = Double.NaN;
    for (Row row : rows.collectAsList()) {
      if (!row.getString(0).equals(axis)) {
        axis = row.getString(0);
        low = Double.POSITIVE_INFINITY;
        high = Double.NEGATIVE_INFINITY;
      }
      double accuracy = row.<Double>getAs("accuracy_mean");
      low = Math.min(low, accuracy);
      high = Math.max(high, accuracy);
      if (high - low > widest) {
        widest = high - low;
        widestAxis = axis;
      }
      table.row(axis, row.getString(1), row.<Integer>getAs("groups"),
          spread(row, "accuracy_mean", "accuracy_sd"), Formats.share(row.getAs("kept_share")),
          spread(row, "correct_ratio_mean", "correct_ratio_sd"),
          spread(row, "wrong_ratio_mean", "wrong_ratio_sd"));
    }
    return table.reading(
        widestAxis == null
            ? "No axis has two values on matched models."
            : "Of the axes compared, " + widestAxis + " moves the mean test accuracy most ("
                + Formats.share(widest) + " between its best and worst value).");
  }

  private static String spread(Row row, String mean, String sd) {
    return Formats.share(row.getAs(mean)) + " ± " + Formats.share(row.getAs(sd));
  }
}
