package io.robustatlas.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.robustatlas.run.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.CategoryChart;

/**
 * The ensembles, from {@code ensemble.parquet}: per condition (clean, or an input noise kind and
 * level), the mean accuracy of the single models next to their hard, soft and learned ensembles,
 * and each ensemble's gain over its own single model.
 */
final class EnsembleSection implements ReportSection {
  static final String ENSEMBLE = "ensemble.parquet";
  private static final String SINGLE = "single";

  @Override
  public String title() {
    return "Ensembles";
  }

  @Override
  public String table() {
    return ENSEMBLE;
  }

  @Override
  public String stage() {
    return Stage.ENSEMBLE.id();
  }

  /** One ensemble (or the single model) under one condition, averaged over models. */
  private record Cell(double accuracy, double gain, long better, long models) {}

  @Override
  public void draw(RunFolder folder, Page page) {
    Dataset<Row> rows = folder.table(ENSEMBLE).orElseThrow()
        .select("model_id", "copies", "voting", "noise", "level", "accuracy");
    Dataset<Row> single =
        rows.where(col("voting").equalTo(SINGLE))
            .select(col("model_id"), col("noise"), col("level"), col("accuracy").as("single"));
    Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    TreeSet<String> methods = new TreeSet<>(this::compareMethods);
    for (Row row :
        rows.join(single, new String[] {"model_id", "noise", "level"}, "left")
            .groupBy("noise", "level", "voting", "copies")
            .agg(avg("accuracy"), avg(col("accuracy").minus(col("single"))),
                sum(when(col("accuracy").gt(col("single")), 1).otherwise(0)), count(lit(1)))
            .orderBy(col("noise").equalTo("clean").desc(), col("noise"), col("level"))
            .collectAsList()) {
      String condition = condition(row.getString(0), row.getDouble(1));
      String method = method(row.getString(2), row.getInt(3));
      methods.add(method);
      cells.computeIfAbsent(condition, c -> new TreeMap<>(this::compareMethods))
          .put(method, new Cell(row.getDouble(4), row.isNullAt(5) ? Double.NaN : row.getDouble(5),
              row.getLong(6), row.getLong(7)));
    }
    page.table(accuracyTable(cells, methods));
    page.figures(List.of(accuracyChart(cells, methods), gainChart(cells, methods)));
  }

  private Table accuracyTable(Map<String, Map<String, Cell>> cells, TreeSet<String> methods) {
    List<String> header = new ArrayList<>(List.of("condition", "models"));
    header.addAll(methods);
    Table.Builder table = new Table.Builder(header.toArray(String[]::new));
    Map<String, double[]> totals = new TreeMap<>(this::compareMethods);
    for (Map.Entry<String, Map<String, Cell>> condition : cells.entrySet()) {
      List<Object> row = new ArrayList<>(List.of(condition.getKey(),
          Formats.count(condition.getValue().values().iterator().next().models())));
      for (String method : methods) {
        Cell cell = condition.getValue().get(method);
        row.add(cell == null ? "" : Formats.share(cell.accuracy()));
        if (cell != null && !method.equals(SINGLE)) {
          double[] total = totals.computeIfAbsent(method, m -> new double[3]);
          total[0] += cell.gain() * cell.models();
          total[1] += cell.better();
          total[2] += cell.models();
        }
      }
      table.row(row.toArray());
    }
    List<String> gains = new ArrayList<>();
    totals.forEach((method, total) -> gains.add(String.format(
        "%s %+.2f points (better in %d of %d cases)", method, 100 * total[0] / total[2],
        (long) total[1], (long) total[2])));
    return table.reading("Mean test accuracy over the models. Mean gain over the single model, per"
        + " (model, condition): " + String.join("; ", gains) + ".");
  }

  private Figure accuracyChart(Map<String, Map<String, Cell>> cells, TreeSet<String> methods) {
    CategoryChart chart =
        Charts.bars("Accuracy by condition", "test images: clean or with input noise",
            "mean test accuracy (share)");
    int index = 0;
    for (String method : methods) {
      chart.addSeries(method, new ArrayList<>(cells.keySet()),
              cells.values().stream()
                  .map(c -> c.containsKey(method) ? c.get(method).accuracy() : 0.0).toList())
          .setFillColor(Charts.color(index++));
    }
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return Charts.figure(chart, "How much accuracy each input noise costs, for the single models"
        + " and each ensemble (mean over models).");
  }

  private Figure gainChart(Map<String, Map<String, Cell>> cells, TreeSet<String> methods) {
    CategoryChart chart =
        Charts.bars("Ensemble gain over the single model", "test images: clean or with input"
            + " noise", "accuracy gain (points)");
    int index = 0;
    for (String method : methods) {
      if (!method.equals(SINGLE)) {
        chart.addSeries(method, new ArrayList<>(cells.keySet()),
                cells.values().stream()
                    .map(c -> c.containsKey(method) ? 100 * c.get(method).gain() : 0.0).toList())
            .setFillColor(Charts.color(index));
      }
      index++;
    }
    return Charts.figure(chart, "Per condition, the mean over models of (ensemble accuracy −"
        + " the same model's accuracy alone), in percentage points: above 0 the ensemble helps.");
  }

  private static String condition(String noise, double level) {
    return noise.equals("clean") ? "clean" : new NoiseLevel(noise, level).toString();
  }

  private static String method(String voting, int copies) {
    return voting.equals(SINGLE) ? SINGLE : voting + " (" + copies + " copies)";
  }

  /** The single model first, then the votings in the stage's order, each by ensemble size. */
  private int compareMethods(String a, String b) {
    return rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.compareTo(b);
  }

  private static int rank(String method) {
    List<String> order = List.of(SINGLE, "hard", "soft", "learned");
    int index = order.indexOf(method.split(" ")[0]);
    return index < 0 ? order.size() : index;
  }
}
