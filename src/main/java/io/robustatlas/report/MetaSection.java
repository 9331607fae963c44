package io.robustatlas.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.robustatlas.run.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The meta-networks, from the meta stage's {@code meta/metrics.parquet} (one row per fitted cell:
 * a network or a baseline, for one split protocol and task) and {@code meta/predictions.parquet}
 * (one row per cell and test pair): the test metrics of the networks next to the baselines', the
 * predicted against the true ratio (regression), and ROC curves (classification).
 */
final class MetaSection implements ReportSection {
  static final String METRICS = "meta/metrics.parquet";
  static final String PREDICTIONS = "meta/predictions.parquet";

  /** At most this many test pairs per scatter, a fixed pseudo-random subset. */
  static final int SCATTER_POINTS = 1500;

  /** Score bins of the ROC curves (the AUROC in the tables is exact). */
  private static final int ROC_BINS = 1000;

  private static final int ROC_CURVES = 8;
  private static final List<String> REGRESSION = List.of("r2", "mae", "rmse", "spearman");
  private static final List<String> CLASSIFICATION =
      List.of("accuracy", "balanced_accuracy", "auroc", "aupr_error", "aupr_success");

  @Override
  public String title() {
    return "Meta-networks";
  }

  @Override
  public String table() {
    return METRICS;
  }

  @Override
  public String stage() {
    return Stage.META.id();
  }

  /**
   * One fitted cell and its test metrics (NaN where undefined or of the other task).
   *
   * @param seed the network's seed; null for baselines
   */
  record MetaCell(String splitBy, String task, String model, String kind, Long seed,
      Map<String, Double> metrics, long trainPairs, long validationPairs, long testPairs,
      Integer bestEpoch, Integer epochsRun, NoiseLevel pairs, String inputs) {
    String label() {
      return model + (seed == null ? "" : " s" + seed) + (kind.equals("baseline") ? " (baseline)" : "");
    }

    double metric(String name) {
      return metrics.getOrDefault(name, Double.NaN);
    }

    Column filter() {
      Column same = col("split_by").equalTo(splitBy).and(col("task").equalTo(task))
          .and(col("model").equalTo(model));
      return same.and(col("seed").eqNullSafe(lit(seed)));
    }
  }

  @Override
  public void draw(RunFolder folder, Page page) {
    List<MetaCell> cells = cells(folder.table(METRICS).orElseThrow());
    Map<String, List<MetaCell>> groups = new LinkedHashMap<>();
    for (MetaCell cell : cells) {
      groups.computeIfAbsent(
              capitalized(cell.splitBy()) + " split, " + cell.task(), g -> new ArrayList<>())
          .add(cell);
    }
    Dataset<Row> predictions = folder.table(PREDICTIONS).orElse(null);
    for (Map.Entry<String, List<MetaCell>> group : groups.entrySet()) {
      List<MetaCell> members = group.getValue();
      boolean regression = members.get(0).task().equals("regression");
      page.subheading(group.getKey());
      page.note("Pairs at " + members.get(0).pairs() + "; inputs " + members.get(0).inputs()
          + "; metrics on the test split.");
      page.table(metricsTable(members, regression));
      if (predictions == null) {
        page.missing("No " + PREDICTIONS + " in this folder: no scatter or ROC curves; the meta"
            + " stage writes it with the metrics.");
      } else {
        page.figures(regression ? scatters(predictions, members) : List.of(roc(predictions, members)));
      }
    }
  }

  private static List<MetaCell> cells(Dataset<Row> metrics) {
    List<String> columns = new ArrayList<>(List.of("split_by", "task", "model", "kind", "seed",
        "train_pairs", "validation_pairs", "test_pairs", "best_epoch", "epochs_run", "noise",
        "level", "inputs"));
    columns.addAll(REGRESSION);
    columns.addAll(CLASSIFICATION);
    List<MetaCell> cells = new ArrayList<>();
    // One row per fitted cell (a few dozen): the table is small by construction.
    for (Row row :
        metrics.selectExpr(columns.toArray(String[]::new))
            .orderBy(col("split_by"), col("task"), col("kind").desc(), col("model"), col("seed"))
            .collectAsList()) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (String metric : row.getString(1).equals("regression") ? REGRESSION : CLASSIFICATION) {
        Object value = row.getAs(metric);
        values.put(metric, value == null ? Double.NaN : (Double) value);
      }
      cells.add(new MetaCell(row.getString(0), row.getString(1), row.getString(2),
          row.getString(3), row.isNullAt(4) ? null : row.getLong(4), values, row.getLong(5),
          row.getLong(6), row.getLong(7), row.isNullAt(8) ? null : row.getInt(8),
          row.isNullAt(9) ? null : row.getInt(9),
          new NoiseLevel(row.getString(10), row.getDouble(11)), row.getString(12)));
    }
    return cells;
  }

  private static Table metricsTable(List<MetaCell> cells, boolean regression) {
    List<String> metrics = regression ? REGRESSION : CLASSIFICATION;
    List<String> header = new ArrayList<>(List.of("model", "kind", "seed"));
    metrics.forEach(m -> header.add(metricName(m).replace('_', ' ')));
    header.add("best epoch / run");
    Table.Builder table = new Table.Builder(header.toArray(String[]::new));
    for (MetaCell cell : cells) {
      List<Object> row = new ArrayList<>(List.of(cell.model(), cell.kind(),
          cell.seed() == null ? "" : cell.seed()));
      metrics.forEach(m -> row.add(Formats.share(cell.metric(m))));
      row.add(cell.bestEpoch() == null ? "" : cell.bestEpoch() + " / " + cell.epochsRun());
      table.row(row.toArray());
    }
    String primary = regression ? "r2" : "auroc";
    MetaCell first = cells.get(0);
    String reading = capitalized(best(cells, "network", primary)) + "; "
        + best(cells, "baseline", primary)
        + String.format(" (on %s test pairs; trained on %s, validated on %s).",
            Formats.count(first.testPairs()), Formats.count(first.trainPairs()),
            Formats.count(first.validationPairs()));
    return table.reading(reading);
  }

  /** The best cell of a kind by a metric where larger is better, in words. */
  private static String best(List<MetaCell> cells, String kind, String metric) {
    return cells.stream()
        .filter(c -> c.kind().equals(kind) && !Double.isNaN(c.metric(metric)))
        .max(Comparator.comparingDouble(c -> c.metric(metric)))
        .map(c -> "best " + kind + ": " + c.label() + ", " + metricName(metric) + " "
            + Formats.share(c.metric(metric)))
        .orElse("no " + kind + " with a defined " + metric);
  }

  private static String metricName(String metric) {
    return metric.equals("r2") ? "r²" : metric.equals("auroc") ? "AUROC" : metric;
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** Predicted against true ratio for the best network and the best baseline by r². */
  private static List<Figure> scatters(Dataset<Row> predictions, List<MetaCell> cells) {
    List<Figure> figures = new ArrayList<>();
    for (String kind : List.of("network", "baseline")) {
      cells.stream()
          .filter(c -> c.kind().equals(kind) && !Double.isNaN(c.metric("r2")))
          .max(Comparator.comparingDouble(c -> c.metric("r2")))
          .ifPresent(cell -> figures.add(scatter(predictions, cell)));
    }
    return figures;
  }

  private static Figure scatter(Dataset<Row> predictions, MetaCell cell) {
    Dataset<Row> mine = predictions.where(cell.filter());
    long total = mine.count();
    List<Row> points =
        mine.orderBy(xxhash64(col("model_id"), col("sample_index")))
            .select("target", "prediction").limit(SCATTER_POINTS).collectAsList();
    XYChart chart =
        Charts.xy("Predicted vs true ratio: " + cell.label(), "true confidence ratio (test pair)",
            "predicted confidence ratio");
    chart.addSeries("test pairs",
            points.stream().mapToDouble(r -> r.getDouble(0)).toArray(),
            points.stream().mapToDouble(r -> r.getDouble(1)).toArray())
        .setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE);
    Charts.reference(chart, "perfect prediction", 0, 0, 1, 1);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    return Charts.figure(chart, String.format(
        "%s test pairs of %s (%s): points on the diagonal are predicted exactly; r² %s, MAE %s.",
        points.size() < total ? Formats.count(points.size()) + " of the " + Formats.count(total)
            : "All " + Formats.count(total),
        cell.splitBy() + " split", cell.label(), Formats.share(cell.metric("r2")),
        Formats.share(cell.metric("mae"))));
  }

  /** ROC curves of the classification cells of one protocol (the best {@value #ROC_CURVES}). */
  private static Figure roc(Dataset<Row> predictions, List<MetaCell> cells) {
    List<MetaCell> drawn =
        cells.stream()
            .sorted(Comparator.comparingDouble((MetaCell c) -> -Values.zeroIfNaN(c.metric("auroc"))))
            .limit(ROC_CURVES).toList();
    XYChart chart =
        Charts.xy("ROC: " + cells.get(0).splitBy() + " split",
            "false positive rate (wrong pairs scored as correct)",
            "true positive rate");
    Column bin =
        least(lit(ROC_BINS), greatest(lit(0), floor(col("prediction").multiply(ROC_BINS))));
    for (MetaCell cell : drawn) {
      ScoreCounts counts = new ScoreCounts();
      for (Row row :
          predictions.where(cell.filter())
              .groupBy(bin.as("bin"), col("target").gt(0.5).as("positive")).count()
              .collectAsList()) {
        counts.add(row.getLong(0) / (double) ROC_BINS, row.getBoolean(1), row.getLong(2));
      }
      if (counts.positives() == 0 || counts.negatives() == 0) {
        continue;
      }
      List<double[]> points = counts.roc();
      chart.addSeries(cell.label() + " " + Formats.share(cell.metric("auroc")),
              points.stream().mapToDouble(p -> p[0]).toArray(),
              points.stream().mapToDouble(p -> p[1]).toArray())
          .setMarker(SeriesMarkers.NONE);
    }
    Charts.reference(chart, "chance", 0, 0, 1, 1);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(LegendLayout.Vertical);
    return Charts.figure(chart, "Each curve trades correct pairs found (true positive rate) against wrong"
        + " pairs let through (false positive rate) as the P(correct) threshold falls (scores in"
        + " bins of 0.001); the higher and further left, the better. The legend gives each"
        + " cell's AUROC, computed from the exact predictions.");
  }
}
