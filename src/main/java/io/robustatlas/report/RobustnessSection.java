package io.robustatlas.report;

import io.robustatlas.run.Stage;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The confidence ratios, from {@code pairs.parquet}: per noise kind and level, how the ratio is
 * distributed on correct and wrong pairs, how well it alone separates them (AUROC), how much of it
 * follows the predicted class instead (pure noise is classified mostly as a few classes, whose
 * predictions then keep high ratios whether right or wrong), and how wide its Wilson intervals are.
 */
final class RobustnessSection implements ReportSection {
  static final String PAIRS = "pairs.parquet";
  private static final int RATIO_BINS = 20;
  private static final String RATIO_AXIS = "confidence ratio (share of noisy copies unchanged)";
  private static final String MEAN_RATIO = "mean ratio (share unchanged)";

  @Override
  public String title() {
    return "Robustness";
  }

  @Override
  public String table() {
    return PAIRS;
  }

  @Override
  public String stage() {
    return Stage.ROBUSTNESS.id();
  }

  @Override
  public void draw(RunFolder folder, Page page) {
    PairAggregates pairs =
        PairAggregates.of(
            folder.table(PAIRS).orElseThrow()
                .select("model_id", "noise", "level", "correct", "predicted", "copies", "ratio",
                    "ratio_low", "ratio_high", "mean_kl"));
    page.table(levelTable(pairs));
    List<Figure> perKind = new ArrayList<>();
    Map<String, List<NoiseLevel>> kinds = new TreeMap<>();
    pairs.totals.keySet().forEach(l -> kinds.computeIfAbsent(l.noise(), k -> new ArrayList<>()).add(l));
    for (Map.Entry<String, List<NoiseLevel>> kind : kinds.entrySet()) {
      if (kind.getValue().size() > 1) {
        perKind.add(meanByLevel(kind.getKey(), kind.getValue(), pairs));
        perKind.add(aurocByLevel(kind.getKey(), kind.getValue(), pairs));
      }
    }
    if (!perKind.isEmpty()) {
      page.subheading("Across levels");
      page.figures(perKind);
    }
    for (NoiseLevel level : pairs.totals.keySet()) {
      page.subheading(level.toString());
      page.figures(List.of(distribution(level, pairs), byClass(level, pairs)));
    }
    page.subheading("Wilson intervals");
    page.figures(List.of(widths(pairs)));
  }

  private static Table levelTable(PairAggregates pairs) {
    Table.Builder table =
        new Table.Builder("noise", "level", "models", "pairs", "correct pairs",
            "mean ratio, correct", "mean ratio, wrong", "AUROC of the ratio",
            "variance share: predicted class", "variance share: correctness",
            "mean Wilson width", "max Wilson width", "copies", "mean KL (nats)");
    NoiseLevel best = null;
    double bestAuroc = Double.NEGATIVE_INFINITY;
    List<String> classLed = new ArrayList<>();
    for (Map.Entry<NoiseLevel, PairAggregates.LevelTotals> entry : pairs.totals.entrySet()) {
      NoiseLevel level = entry.getKey();
      PairAggregates.LevelTotals totals = entry.getValue();
      double auroc = pairs.ratios.get(level).auroc();
      double byClass = pairs.varianceShare(level, false);
      double byCorrectness = pairs.varianceShare(level, true);
      table.row(level.noise(), NoiseLevel.symbol(level.noise()) + " " + Formats.plain(level.level()),
          Formats.count(totals.models()), Formats.count(totals.pairs()),
          Formats.count(totals.correct()), Formats.share(totals.correctMean()),
          Formats.share(totals.wrongMean()), Formats.share(auroc), Formats.percent(byClass),
          Formats.percent(byCorrectness), Formats.share(totals.meanWidth()),
          Formats.share(totals.maxWidth()), copies(totals), Formats.decimal(totals.meanKl()));
      if (auroc > bestAuroc) {
        bestAuroc = auroc;
        best = level;
      }
      if (byClass > byCorrectness) {
        classLed.add(String.format("%s (%s against %s)", level, Formats.percent(byClass),
            Formats.percent(byCorrectness)));
      }
    }
    String reading;
    if (best == null) {
      reading = "No level has both correct and wrong pairs: the AUROC is undefined.";
    } else if (pairs.totals.size() == 1) {
      reading = "At " + best + " the ratio alone separates correct from wrong pairs with AUROC "
          + Formats.share(bestAuroc) + " (0.5 is chance, 1 a perfect separation).";
    } else {
      reading = "The ratio alone separates correct from wrong pairs best at " + best + " (AUROC "
          + Formats.share(bestAuroc) + "; 0.5 is chance, 1 a perfect separation).";
    }
    if (!classLed.isEmpty()) {
      reading += " The predicted class explains more of the ratio's variance than correctness at "
          + String.join(", ", classLed) + ": there the ratio tracks which class the model says.";
    }
    return table.reading(reading);
  }

  private static String copies(PairAggregates.LevelTotals totals) {
    return totals.minCopies() == totals.maxCopies()
        ? Integer.toString(totals.minCopies())
        : totals.minCopies() + "–" + totals.maxCopies();
  }

  private static Figure meanByLevel(String noise, List<NoiseLevel> levels, PairAggregates pairs) {
    XYChart chart =
        Charts.xy("Mean ratio by level: " + noise, NoiseLevel.axisTitle(noise), MEAN_RATIO);
    double[] x = levels.stream().mapToDouble(NoiseLevel::level).toArray();
    double[] correct = levels.stream().mapToDouble(l -> pairs.totals.get(l).correctMean()).toArray();
    double[] wrong = levels.stream().mapToDouble(l -> pairs.totals.get(l).wrongMean()).toArray();
    Charts.colored(chart.addSeries("correct pairs", x, correct), Charts.CORRECT,
        SeriesMarkers.CIRCLE);
    Charts.colored(chart.addSeries("wrong pairs", x, wrong), Charts.WRONG, SeriesMarkers.SQUARE);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return Charts.figure(
        chart, "The mean ratio of correct and of wrong pairs at each " + noise + " level: the gap"
            + " between the lines is what the ratio can tell about correctness.");
  }

  private static Figure aurocByLevel(String noise, List<NoiseLevel> levels, PairAggregates pairs) {
    XYChart chart =
        Charts.xy("AUROC of the ratio by level: " + noise, NoiseLevel.axisTitle(noise),
            "AUROC (0.5 = chance)");
    double[] x = levels.stream().mapToDouble(NoiseLevel::level).toArray();
    double[] auroc = levels.stream().mapToDouble(l -> pairs.ratios.get(l).auroc()).toArray();
    chart.addSeries("AUROC", x, auroc).setMarker(SeriesMarkers.CIRCLE);
    Charts.reference(chart, "chance", x[0], 0.5, x[x.length - 1], 0.5);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    int best = 0;
    for (int i = 1; i < auroc.length; i++) {
      best = auroc[i] > auroc[best] ? i : best;
    }
    return Charts.figure(
        chart, "How well the ratio alone ranks correct above wrong pairs at each level: pick the"
            + " level where the curve peaks (here " + levels.get(best) + ", "
            + Formats.share(auroc[best]) + ").");
  }

  private static Figure distribution(NoiseLevel level, PairAggregates pairs) {
    ScoreCounts counts = pairs.ratios.get(level);
    CategoryChart chart =
        Charts.bars("Ratio distribution: " + level, RATIO_AXIS + ", bins of 0.05",
            "share of the group's pairs (%)");
    List<String> bins = new ArrayList<>();
    for (int i = 0; i < RATIO_BINS; i++) {
      bins.add(Formats.plain((double) i / RATIO_BINS));
    }
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.addSeries("correct (" + counts.positives() + ")", bins,
            Values.list(counts.histogram(true, RATIO_BINS), 100))
        .setFillColor(translucent(Charts.CORRECT));
    chart.addSeries("wrong (" + counts.negatives() + ")", bins,
            Values.list(counts.histogram(false, RATIO_BINS), 100))
        .setFillColor(translucent(Charts.WRONG));
    return Charts.figure(
        chart, "Each group's ratios as shares of that group (bars labelled by their lower edge;"
            + " pairs in brackets), so the two shapes compare whatever their sizes; AUROC "
            + Formats.share(counts.auroc()) + ".");
  }

  private static Figure byClass(NoiseLevel level, PairAggregates pairs) {
    CategoryChart chart =
        Charts.bars("Mean ratio by predicted class: " + level, "class the model predicts (clean"
            + " image)", MEAN_RATIO);
    List<String> classes = new ArrayList<>();
    List<Double> correct = new ArrayList<>();
    List<Double> wrong = new ArrayList<>();
    for (Map.Entry<Integer, Moments[]> cell : pairs.byClass.get(level).entrySet()) {
      classes.add(Integer.toString(cell.getKey()));
      correct.add(Values.zeroIfNaN(cell.getValue()[0].mean()));
      wrong.add(Values.zeroIfNaN(cell.getValue()[1].mean()));
    }
    chart.addSeries("correct pairs", classes, correct).setFillColor(Charts.CORRECT);
    chart.addSeries("wrong pairs", classes, wrong).setFillColor(Charts.WRONG);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return Charts.figure(
        chart, "If the bars rise and fall together from class to class, the ratio follows the"
            + " predicted class rather than correctness: here the class explains "
            + Formats.percent(pairs.varianceShare(level, false)) + " of the ratio's variance,"
            + " correctness " + Formats.percent(pairs.varianceShare(level, true))
            + " (a class without such pairs shows no bar).");
  }

  private static Figure widths(PairAggregates pairs) {
    XYChart chart =
        Charts.xy("95% Wilson interval width by ratio", RATIO_AXIS,
            "interval width (ratio units)");
    double widest = 0;
    for (Map.Entry<Integer, TreeMap<Double, Double>> copies : pairs.widths.entrySet()) {
      double[] x = copies.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = copies.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
      chart.addSeries(copies.getKey() + " copies", x, y).setMarker(SeriesMarkers.NONE);
      for (double width : y) {
        widest = Math.max(widest, width);
      }
    }
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0);
    return Charts.figure(
        chart, "The uncertainty of a measured ratio, widest near 0.5: two ratios closer than about "
            + Formats.share(widest) + " (the widest interval here) are not told apart by this"
            + " many copies.");
  }


  private static Color translucent(Color color) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), 150);
  }

}
