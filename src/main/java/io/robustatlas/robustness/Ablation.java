package io.robustatlas.robustness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The ablation summary: what each value of each grid axis does, measured only on models that differ
 * in that axis alone. For an axis, the models are grouped by their values on every other axis (the
 * seed included); a group that holds one model of every value of the axis is a matched group, and
 * each value's statistics are taken over its model in every matched group. Every value is then
 * measured on the same settings of the other axes, so a difference between two values is the
 * axis's effect, not that of a different mix of learning rates or seeds. A group that lacks a value
 * (a sampled grid, a model still missing) is left out; an axis with one value, or with no matched
 * group, has no rows.
 *
 * <p>Spreads are sample standard deviations over the matched groups (NaN below two models).
 * Accuracy leaves out diverged models (their accuracy is NaN); the kept share counts them as not
 * kept; a ratio statistic is over the kept models that have pairs of that kind (a model not kept
 * has no pairs).
 */
final class Ablation {
  private Ablation() {}

  /** A noise kind and level of the stage. */
  record Level(String noise, double level) {}

  /** A model's mean ratio on its correct and on its wrong pairs at one level (NaN if none). */
  record Ratios(double correct, double wrong) {}

  /**
   * What the summary needs of one model.
   *
   * @param axes axis name → the model's value, as text
   * @param accuracy test accuracy, NaN if diverged
   * @param ratios per level, absent where the model has no pairs
   */
  record Model(
      String modelId, Map<String, String> axes, double accuracy, boolean kept,
      Map<Level, Ratios> ratios) {}

  /** Mean and sample standard deviation of {@code count} values. */
  record Spread(int count, double mean, double sd) {
    static Spread of(List<Double> values) {
      double[] finite =
          values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
      int n = finite.length;
      double mean = n == 0 ? Double.NaN : Arrays.stream(finite).sum() / n;
      double squares = 0;
      for (double value : finite) {
        squares += (value - mean) * (value - mean);
      }
      return new Spread(n, mean, n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1)));
    }
  }

  /** One row of {@code ablation.parquet}. */
  record Row(
      String axis, String value, Level level, int groups, Spread accuracy, Spread kept,
      Spread correctRatio, Spread wrongRatio) {}

  /**
   * The rows for every axis of {@code axes} that has at least two values and a matched group, in
   * axis order, then value order, then level order.
   */
  static List<Row> summarise(List<String> axes, List<Model> models, List<Level> levels) {
    List<Row> rows = new ArrayList<>();
    for (String axis : axes) {
      List<String> values = values(axis, models);
      if (values.size() < 2) {
        continue;
      }
      List<Map<String, Model>> matched = matchedGroups(axis, axes, models, values.size());
      if (matched.isEmpty()) {
        continue;
      }
      for (String value : values) {
        List<Model> same = matched.stream().map(group -> group.get(value)).toList();
        for (Level level : levels) {
          rows.add(row(axis, value, level, same));
        }
      }
    }
    return rows;
  }

  private static Row row(String axis, String value, Level level, List<Model> models) {
    return new Row(
        axis,
        value,
        level,
        models.size(),
        spread(models, Model::accuracy),
        spread(models, m -> m.kept() ? 1 : 0),
        spread(models, m -> ratio(m, level, true)),
        spread(models, m -> ratio(m, level, false)));
  }

  private static Spread spread(List<Model> models, ToDoubleFunction<Model> metric) {
    return Spread.of(models.stream().map(m -> metric.applyAsDouble(m)).toList());
  }

  private static double ratio(Model model, Level level, boolean correct) {
    Ratios ratios = model.ratios().get(level);
    if (!model.kept() || ratios == null) {
      return Double.NaN;
    }
    return correct ? ratios.correct() : ratios.wrong();
  }

  /** The axis's distinct values: numerically ordered where all are numbers, else by text. */
  private static List<String> values(String axis, List<Model> models) {
    List<String> values =
        models.stream().map(m -> m.axes().get(axis)).filter(Objects::nonNull).distinct().toList();
    boolean numeric = values.stream().allMatch(Ablation::isNumber);
    Comparator<String> order =
        numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    return values.stream().sorted(order).toList();
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Groups of models equal on every axis but {@code axis}, keeping those with all its values. */
  private static List<Map<String, Model>> matchedGroups(
      String axis, List<String> axes, List<Model> models, int valueCount) {
    Map<List<String>, Map<String, Model>> groups = new LinkedHashMap<>();
    for (Model model : models) {
      List<String> others =
          axes.stream().filter(a -> !a.equals(axis)).map(a -> model.axes().get(a)).toList();
      groups.computeIfAbsent(others, k -> new LinkedHashMap<>())
          .putIfAbsent(model.axes().get(axis), model);
    }
    return groups.values().stream().filter(group -> group.size() == valueCount).toList();
  }

  /**
   * The summary for the console: one line per axis and level, each value with its mean accuracy,
   * kept share and mean ratios on correct and wrong pairs (± their spreads).
   */
  static List<String> describe(List<Row> rows) {
    Map<String, List<Row>> lines = new LinkedHashMap<>();
    for (Row row : rows) {
      lines.computeIfAbsent(row.axis() + "\n" + row.level(), k -> new ArrayList<>()).add(row);
    }
    List<String> text = new ArrayList<>();
    for (List<Row> line : lines.values()) {
      Row first = line.get(0);
      StringBuilder out =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "ablation: %s (%s %s; %d groups of models differing only in it):",
                  first.axis(), first.level().noise(), first.level().level(), first.groups()));
      for (Row row : line) {
        out.append(
            String.format(
                Locale.ROOT,
                " %s accuracy %s, kept %.2f, ratio correct %s, wrong %s;",
                row.value(), plusMinus(row.accuracy()), row.kept().mean(),
                plusMinus(row.correctRatio()), plusMinus(row.wrongRatio())));
      }
      text.add(out.substring(0, out.length() - 1));
    }
    return text;
  }

  private static String plusMinus(Spread spread) {
    return String.format(Locale.ROOT, "%.4f ± %.4f", spread.mean(), spread.sd());
  }
}
