package io.robustatlas.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.robustatlas.model.ModelsTable;
import io.robustatlas.run.Stage;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The trained models, from {@code models.parquet}: how many were kept, test accuracy against each
 * grid axis that varies, the spread of accuracies around the keep threshold, and loss curves. All
 * aggregated in Spark, so a grid of thousands of models costs a few small queries.
 */
final class ModelsSection implements ReportSection {
  /** The grid axes: column and the title of its chart axis. */
  private static final Map<String, String> AXES = axes();

  private static Map<String, String> axes() {
    Map<String, String> axes = new LinkedHashMap<>();
    axes.put("optimizer", "optimizer");
    axes.put("learning_rate", "learning rate");
    axes.put("l2", "L2 weight decay");
    axes.put("epochs", "epochs");
    axes.put("seed", "model seed");
    axes.put("init", "weight init");
    axes.put("batch_size", "batch size (images)");
    axes.put("activation", "hidden activation");
    axes.put("pooling", "pooling");
    axes.put("dropout", "dropout rate (training)");
    return Collections.unmodifiableMap(axes);
  }

  private static final int ACCURACY_BINS = 20;

  @Override
  public String title() {
    return "Models";
  }

  @Override
  public String table() {
    return ModelsTable.FILE_NAME;
  }

  @Override
  public String stage() {
    return Stage.TRAIN.id();
  }

  @Override
  public void draw(RunFolder folder, Page page) {
    Dataset<Row> models = folder.table(table()).orElseThrow();
    Column accuracy = when(not(col("diverged")), col("test_accuracy"));
    Row totals =
        models.agg(count(lit(1)), sum(when(col("kept"), 1).otherwise(0)),
            sum(when(col("diverged"), 1).otherwise(0)), max(accuracy)).first();
    long trained = totals.getLong(0);
    long kept = totals.getLong(1);
    long diverged = totals.getLong(2);
    double threshold = folder.setting("train.min-accuracy").asDouble(Double.NaN);
    page.paragraph(
        String.format(
            "%s models trained, %s kept for the later stages (%s; test accuracy ≥ %s), %s"
                + " diverged.",
            Formats.count(trained), Formats.count(kept), Formats.percent((double) kept / trained),
            Formats.plain(threshold), Formats.count(diverged)));
    if (!totals.isNullAt(3)) {
      page.paragraph("Best model: " + best(models) + ".");
    }
    List<Figure> figures = new ArrayList<>();
    Table.Builder axes =
        new Table.Builder("axis", "value", "models", "kept", "kept share", "mean accuracy",
            "best accuracy");
    List<String> fixed = new ArrayList<>();
    String strongest = null;
    double strongestSpread = -1;
    List<String> columns = List.of(models.columns());
    for (Map.Entry<String, String> axis : AXES.entrySet()) {
      if (!columns.contains(axis.getKey())) {
        continue; // a folder of a version before the architecture axes: all LeNet-5s
      }
      List<Row> groups =
          models.groupBy(axis.getKey())
              .agg(count(lit(1)), sum(when(col("kept"), 1).otherwise(0)), avg(accuracy),
                  max(accuracy), min(accuracy))
              .orderBy(axis.getKey()).collectAsList();
      if (groups.size() < 2) {
        groups.forEach(g -> fixed.add(axis.getValue() + " = " + value(g.get(0))));
        continue;
      }
      AxisSpread spread = axisRows(axis.getValue(), groups, axes);
      figures.add(axisChart(axis.getValue(), groups, spread));
      if (spread.range() > strongestSpread) {
        strongestSpread = spread.range();
        strongest = spread.describe();
      }
    }
    if (!fixed.isEmpty()) {
      page.note("The same for every model: " + String.join(", ", fixed) + ".");
    }
    if (!axes.isEmpty()) {
      page.table(axes.reading("Of the axes that vary, " + strongest + "."));
    }
    figures.add(accuracyHistogram(models, threshold));
    figures.add(lossCurves(models));
    page.figures(figures);
  }

  /** The best model's accuracy and hyperparameters. */
  private static String best(Dataset<Row> models) {
    Row best =
        models.where(not(col("diverged"))).orderBy(desc("test_accuracy"), col("model_id"))
            .limit(1).first();
    List<String> settings = new ArrayList<>();
    for (Map.Entry<String, String> axis : AXES.entrySet()) {
      settings.add(axis.getValue() + " " + value(best.getAs(axis.getKey())));
    }
    return best.<String>getAs("model_id") + ", test accuracy "
        + Formats.share(best.<Double>getAs("test_accuracy")) + " (" + String.join(", ", settings)
        + ")";
  }

  /** The lowest and highest mean accuracy over an axis's values. */
  private record AxisSpread(String axis, String lowValue, double low, String highValue,
      double high) {
    double range() {
      return high - low;
    }

    String describe() {
      return String.format(
          "%s moves the mean test accuracy most: from %s (%s) to %s (%s)",
          axis, Formats.share(low), lowValue, Formats.share(high), highValue);
    }
  }

  private static AxisSpread axisRows(String axis, List<Row> groups, Table.Builder table) {
    String lowValue = null;
    String highValue = null;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (Row group : groups) {
      long models = group.getLong(1);
      long kept = group.getLong(2);
      double mean = Values.orNaN(group, 3);
      table.row(axis, value(group.get(0)), Formats.count(models), Formats.count(kept),
          Formats.percent((double) kept / models), Formats.share(mean),
          Formats.share(Values.orNaN(group, 4)));
      if (mean < low) {
        low = mean;
        lowValue = value(group.get(0));
      }
      if (mean > high) {
        high = mean;
        highValue = value(group.get(0));
      }
    }
    return new AxisSpread(axis, lowValue, low, highValue, high);
  }

  private static Figure axisChart(String axis, List<Row> groups, AxisSpread spread) {
    CategoryChart chart =
        Charts.bars("Test accuracy by " + axis, axis, "test accuracy (share)");
    List<String> values = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    List<Double> bests = new ArrayList<>();
    List<Double> worsts = new ArrayList<>();
    for (Row group : groups) {
      values.add(value(group.get(0)));
      means.add(Values.zeroIfNaN(Values.orNaN(group, 3)));
      bests.add(Values.zeroIfNaN(Values.orNaN(group, 4)));
      worsts.add(Values.zeroIfNaN(Values.orNaN(group, 5)));
    }
    chart.addSeries("worst", values, worsts).setFillColor(new Color(0xB8C0C8));
    chart.addSeries("mean", values, means).setFillColor(Charts.color(0));
    chart.addSeries("best", values, bests).setFillColor(Charts.color(2));
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return Charts.figure(
        chart, "Worst, mean and best test accuracy (share of test images classified correctly)"
            + " of the models at each " + axis + ", diverged models left out; " + spread.describe()
            + ".");
  }

  private static Figure accuracyHistogram(Dataset<Row> models, double threshold) {
    Column bin =
        least(lit(ACCURACY_BINS - 1),
            greatest(lit(0), floor(col("test_accuracy").multiply(ACCURACY_BINS)).cast("int")));
    double[][] counts = new double[2][ACCURACY_BINS];
    long below = 0;
    for (Row row :
        models.where(not(col("diverged"))).groupBy(bin.as("bin"), col("kept")).count()
            .collectAsList()) {
      counts[row.getBoolean(1) ? 0 : 1][row.getInt(0)] += row.getLong(2);
      below += row.getBoolean(1) ? 0 : row.getLong(2);
    }
    CategoryChart chart =
        Charts.bars("Test accuracy of the models", "test accuracy (bins of 0.05)", "models");
    List<String> bins = new ArrayList<>();
    for (int i = 0; i < ACCURACY_BINS; i++) {
      bins.add(Formats.plain((double) i / ACCURACY_BINS));
    }
    chart.getStyler().setStacked(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.addSeries("kept", bins, Values.list(counts[0], 1)).setFillColor(Charts.CORRECT);
    chart.addSeries("not kept", bins, Values.list(counts[1], 1)).setFillColor(Charts.WRONG);
    return Charts.figure(
        chart, "How many models reached each accuracy (bars labelled by their lower edge); "
            + Formats.count(below) + " fell below the keep threshold " + Formats.plain(threshold)
            + " and are not probed further.");
  }

  private static Figure lossCurves(Dataset<Row> models) {
    List<Row> points =
        models.where(not(col("diverged")))
            .select(col("optimizer"), col("learning_rate"), posexplode(col("epoch_loss")))
            .groupBy("optimizer", "learning_rate", "pos")
            .agg(avg("col"), count(lit(1)))
            .orderBy("optimizer", "learning_rate", "pos").collectAsList();
    XYChart chart =
        Charts.xy("Training loss by epoch", "epoch", "mean training loss (nats)");
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Row point : points) {
      String name = point.getString(0) + ", lr " + Formats.plain(point.getDouble(1));
      curves.computeIfAbsent(name, n -> new ArrayList<>())
          .add(new double[] {point.getInt(2) + 1, point.getDouble(3)});
      sizes.merge(name, point.getLong(4), Math::max);
    }
    for (Map.Entry<String, List<double[]>> curve : curves.entrySet()) {
      double[] x = curve.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = curve.getValue().stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries(curve.getKey() + " (" + sizes.get(curve.getKey()) + ")", x, y)
          .setMarker(SeriesMarkers.CIRCLE);
    }
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisMin(0.0);
    return Charts.figure(
        chart, "Per optimizer and learning rate (models in brackets), the mean over models of"
            + " each epoch's loss (the mean over minibatches of the batch's cross-entropy,"
            + " without the weight decay term); diverged models left out.");
  }

  private static String value(Object value) {
    return value instanceof Double number ? Formats.plain(number) : String.valueOf(value);
  }

}
