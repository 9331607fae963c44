package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.robustness.Ablation.Level;
import io.robustatlas.robustness.Ablation.Model;
import io.robustatlas.robustness.Ablation.Ratios;
import io.robustatlas.robustness.Ablation.Row;
import io.robustatlas.robustness.Ablation.Spread;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ablation summary on five hand-made models, every expected value worked out by hand: axis a
 * (x, y) is matched where b is 1 or 2 (b = 3 has no y partner); axis b (1, 2, 10) is matched only
 * where a = x; axis c never varies.
 */
class AblationTest {
  private static final Level SIGMA = new Level("gaussian", 0.9);
  private static final Level OTHER = new Level("impulse", 0.1);
  private static final List<String> AXES = List.of("a", "b", "c");

  private static final List<Model> MODELS =
      List.of(
          model("m1", "x", "1", 0.9, true, new Ratios(0.8, 0.4)),
          model("m2", "y", "1", 0.7, true, new Ratios(0.6, 0.2)),
          model("m3", "x", "2", 0.5, false, null),
          model("m4", "y", "2", Double.NaN, false, null),
          model("m5", "x", "10", 0.8, true, new Ratios(Double.NaN, 0.3)));

  private static Model model(
      String id, String a, String b, double accuracy, boolean kept, Ratios ratios) {
    return new Model(
        id, Map.of("a", a, "b", b, "c", "0.5"), accuracy, kept,
        ratios == null ? Map.of() : Map.of(SIGMA, ratios));
  }

  @Test
  void comparesEachValueOnTheGroupsWhereEveryValueIsPresent() {
    List<Row> rows = Ablation.summarise(AXES, MODELS, List.of(SIGMA));
    assertEquals(
        List.of("a x", "a y", "b 1", "b 2", "b 10"),
        rows.stream().map(r -> r.axis() + " " + r.value()).toList(),
        "c has one value; b's values in numeric order");

    Row x = rows.get(0);
    assertEquals(2, x.groups());
    // m1 and m3: accuracies 0.9 and 0.5, mean 0.7, sd √((0.2² + 0.2²) / 1) = 0.28284.
    assertSpread(2, 0.7, Math.sqrt(0.08), x.accuracy());
    // kept 1 and 0: share 0.5, sd √((0.25 + 0.25) / 1) = √0.5.
    assertSpread(2, 0.5, Math.sqrt(0.5), x.kept());
    // only m1 is kept, so only its ratios count; one value has no spread.
    assertSpread(1, 0.8, Double.NaN, x.correctRatio());
    assertSpread(1, 0.4, Double.NaN, x.wrongRatio());

    Row y = rows.get(1);
    assertSpread(1, 0.7, Double.NaN, y.accuracy()); // m4 diverged: left out of accuracy
    assertSpread(2, 0.5, Math.sqrt(0.5), y.kept()); // but counted as not kept
    assertSpread(1, 0.6, Double.NaN, y.correctRatio());

    Row ten = rows.get(4);
    assertEquals(1, ten.groups(), "only a = x holds b = 1, 2 and 10");
    assertSpread(1, 0.8, Double.NaN, ten.accuracy());
    assertSpread(0, Double.NaN, Double.NaN, ten.correctRatio()); // m5 had no correct pairs
    assertSpread(1, 0.3, Double.NaN, ten.wrongRatio());
  }

  @Test
  void everyLevelGetsItsRowsAndAModelWithoutPairsThereCountsForNoRatio() {
    List<Row> rows = Ablation.summarise(AXES, MODELS, List.of(SIGMA, OTHER));
    assertEquals(10, rows.size());
    Row xOther = rows.get(1);
    assertEquals(List.of("a", "x", OTHER), List.of(xOther.axis(), xOther.value(), xOther.level()));
    assertSpread(2, 0.7, Math.sqrt(0.08), xOther.accuracy());
    assertSpread(0, Double.NaN, Double.NaN, xOther.correctRatio());
  }

  @Test
  void anAxisWithoutMatchedGroupsHasNoRows() {
    List<Model> diagonal = List.of(MODELS.get(0), MODELS.get(3)); // (x, 1) and (y, 2)
    assertEquals(List.of(), Ablation.summarise(AXES, diagonal, List.of(SIGMA)));
  }

  @Test
  void describesEachAxisOnOneLine() {
    List<String> lines = Ablation.describe(Ablation.summarise(AXES, MODELS, List.of(SIGMA)));
    assertEquals(2, lines.size());
    assertEquals(
        "ablation: a (gaussian 0.9; 2 groups of models differing only in it): x accuracy 0.7000 ±"
            + " 0.2828, kept 0.50, ratio correct 0.8000 ± NaN, wrong 0.4000 ± NaN; y accuracy"
            + " 0.7000 ± NaN, kept 0.50, ratio correct 0.6000 ± NaN, wrong 0.2000 ± NaN",
        lines.get(0));
  }

  private static void assertSpread(int count, double mean, double sd, Spread actual) {
    assertEquals(count, actual.count(), "count");
    assertEquals(mean, actual.mean(), 1e-12, "mean");
    assertEquals(sd, actual.sd(), 1e-12, "sd");
  }
}
