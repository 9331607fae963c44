package io.robustatlas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustatlas.AtlasException;
import io.robustatlas.config.AtlasConfig;
import io.robustatlas.ensemble.EnsembleJob;
import io.robustatlas.ensemble.EnsembleOptions;
import io.robustatlas.explain.ExplainJob;
import io.robustatlas.explain.ExplainOptions;
import io.robustatlas.meta.MetaJob;
import io.robustatlas.meta.MetaOptions;
import io.robustatlas.robustness.RobustnessJob;
import io.robustatlas.robustness.RobustnessOptions;
import io.robustatlas.testing.Configs;
import io.robustatlas.testing.HeadlessChromium;
import io.robustatlas.testing.SparkTestSession;
import io.robustatlas.train.TrainJob;
import io.robustatlas.train.TrainOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report over real outputs of every stage (3 LeNets, 1 epoch on 1,000 digits; two Gaussian
 * levels; small ensembles; a tiny meta grid with the MSP and boosted-tree baselines), over a folder holding only the train stage's outputs,
 * and over a folder without a manifest. The robustness aggregates are checked against a brute-force
 * count over the collected pairs. The browser test opens the full run's page in headless Chromium
 * and keeps its screenshots under {@code target/report-browser/} for a person to look at.
 */
class ReportJobIT {
  static final String[] PIPELINE = {
    "grid.seed=[0,1,2]",
    "data.train-limit=1000",
    "data.test-limit=400",
    "train.min-accuracy=0",
    "robustness.copies=50",
    "robustness.noise=[{kind=gaussian,levels=[0.3,0.9]}]",
    "robustness.correct-per-class=3",
    "robustness.wrong-per-class=3",
    "ensemble.copies=[2]",
    "ensemble.learn-images=200",
    "ensemble.trees=5",
    "meta.level=0.9",
    "meta.trainer=local",
    "meta.embed=8",
    "meta.layers=1",
    "meta.heads=2",
    "meta.epochs=2",
    "meta.patience=1",
    "meta.batch-size=16",
    "meta.gbt-iterations=3",
    "meta.baselines=[msp,gbt]",
    "explain.copies=3",
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path runs;
  static SparkSession spark;
  static Path full;
  static Path trainOnly;
  static ReportResult fullReport;

  /** A run of every stage, and a copy of its folder taken after the train stage. */
  @BeforeAll
  static void run() {
    spark = SparkTestSession.start("ReportJobIT");
    AtlasConfig config = Configs.twoModels(PIPELINE);
    full = runs.resolve("full");
    trainOnly = runs.resolve("train-only");
    new TrainJob(spark, new TrainOptions(config, full.toString())).run();
    copy(full, trainOnly);
    new RobustnessJob(spark, new RobustnessOptions(config, full.toString())).run();
    new EnsembleJob(spark, new EnsembleOptions(config, full.toString())).run();
    new MetaJob(spark, new MetaOptions(config, full.toString())).run();
    new ExplainJob(spark, new ExplainOptions(config, full.toString())).run();
    fullReport = report(full);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static ReportResult report(Path out) {
    return new ReportJob(spark, new ReportOptions(out.toString())).run();
  }

  @Test
  void everySectionOfAFullRunIsDrawn() throws IOException {
    ReportResult result = fullReport;
    assertEquals(
        List.of(
            "Run", "Models", "Robustness", "Ablation", "Ensembles", "Meta-networks",
            "Explanations"),
        result.drawn());
    assertEquals(List.of(), result.missing());
    assertEquals(full.resolve(ReportJob.PAGE).toUri(), Path.of(result.page()).toUri());
    String html = Files.readString(full.resolve(ReportJob.PAGE));
    assertEquals(result.charts(), count(html, "<img "), "every chart embedded once");
    assertEquals(result.charts(), count(html, "src=\"data:image/png;base64,"), "no external image");
    assertFalse(html.contains("http://") || html.contains("https://"), "nothing from a network");
    // The numbers of the models section, recomputed here from the table with Spark SQL.
    Row models = spark.read().parquet(full.resolve("models.parquet").toString())
        .selectExpr("count(*)", "sum(cast(kept AS int))", "max(test_accuracy)").first();
    assertTrue(html.contains(models.getLong(0) + " models trained, " + models.getLong(1)
        + " kept"), "models summary");
    assertTrue(html.contains("test accuracy " + Formats.share(models.getDouble(2))), "best model");
    for (String figure : List.of("Ratio distribution: gaussian σ 0.9",
        "Mean ratio by predicted class: gaussian σ 0.3", "AUROC of the ratio by level: gaussian",
        "Ensemble gain over the single model", "Predicted vs true ratio", "ROC: model split")) {
      assertTrue(html.contains("alt=\"" + figure), "chart " + figure);
    }
    assertTrue(result.summary().endsWith("report: " + result.page()), result.summary());
  }

  /**
   * The page in a real browser: every chart decoded (a script added to a copy of the page counts
   * the images with a natural width once the page has loaded), and screenshots that are not blank
   * (their pixels vary), kept under {@code target/report-browser/}.
   */
  @Test
  void thePageOfAFullRunLoadsEveryChartInChromium() throws IOException {
    Path shots = Path.of("target", "report-browser").toAbsolutePath();
    Files.createDirectories(shots);
    HeadlessChromium chromium = HeadlessChromium.require(runs);
    ReportResult result = fullReport;
    Path page = full.resolve(ReportJob.PAGE);
    Path probe = page.resolveSibling("loaded-check.html");
    Files.writeString(probe, Files.readString(page).replace("</body>", CHECK_SCRIPT + "</body>"));
    Matcher marker = Pattern.compile("data-images=\"(\\d+)/(\\d+) (\\d+)\"")
        .matcher(chromium.dumpDom(probe, WIDTH));
    assertTrue(marker.find(), "the check script ran after the page loaded");
    assertEquals(result.charts(), Integer.parseInt(marker.group(2)), "images on the page");
    assertEquals(marker.group(2), marker.group(1), "every image decoded (natural width > 0)");

    Path top = shots.resolve("report.png");
    chromium.screenshot(page, top, WIDTH, 2400);
    assertNotBlank(top);
    Path whole = shots.resolve("report-full.png");
    chromium.screenshot(page, whole, WIDTH, Integer.parseInt(marker.group(3)));
    assertNotBlank(whole);
  }

  /** A laptop screen's width, in CSS pixels. */
  private static final int WIDTH = 1280;

  /** Marks the body, once loaded, with "decoded/all pageHeight". */
  private static final String CHECK_SCRIPT =
      "<script>window.addEventListener('load', () => { const images = [...document.images];"
          + " const decoded = images.filter(i => i.complete && i.naturalWidth > 0).length;"
          + " document.body.setAttribute('data-images', decoded + '/' + images.length + ' '"
          + " + document.documentElement.scrollHeight); });</script>";

  /**
   * A blank or failed screenshot is one colour; the report's has text, tables and charts: the
   * standard deviation of its grey levels is well above 10 (of 255), and over 5% of its pixels
   * are not white.
   */
  private static void assertNotBlank(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    double sum = 0;
    double sumOfSquares = 0;
    long inked = 0;
    long pixels = (long) image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        double grey = (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)) / 3.0;
        sum += grey;
        sumOfSquares += grey * grey;
        inked += grey < 250 ? 1 : 0;
      }
    }
    double mean = sum / pixels;
    double std = Math.sqrt(sumOfSquares / pixels - mean * mean);
    assertTrue(std > 10, png + ": grey-level std " + std);
    assertTrue(inked > pixels / 20, png + ": " + inked + " of " + pixels + " pixels not white");
  }

  @Test
  void aFolderWithTrainAloneNamesTheStageOfEachMissingSection() throws IOException {
    ReportResult result = report(trainOnly);
    assertEquals(List.of("Run", "Models"), result.drawn());
    assertEquals(
        List.of(
            "Robustness: not in this folder (no pairs.parquet); the robustness stage fills it:"
                + " ./submit.sh robustness --out " + trainOnly,
            "Ablation: not in this folder (no ablation.parquet); the robustness stage fills it:"
                + " ./submit.sh robustness --out " + trainOnly,
            "Ensembles: not in this folder (no ensemble.parquet); the ensemble stage fills it:"
                + " ./submit.sh ensemble --out " + trainOnly,
            "Meta-networks: not in this folder (no meta/metrics.parquet); the meta stage fills it:"
                + " ./submit.sh meta --out " + trainOnly,
            "Explanations: not in this folder (no explain-kernels.parquet); the explain stage fills"
                + " it: ./submit.sh explain --out " + trainOnly),
        result.missing());
    String html = Files.readString(trainOnly.resolve(ReportJob.PAGE));
    for (String line : result.missing()) {
      assertTrue(html.contains("<p class=\"missing\">" + Page.escape(line) + "</p>"), line);
    }
    assertTrue(result.charts() > 0, "the models section has charts");
  }

  @Test
  void aTableThatCannotBeReadCostsItsSectionOnly() throws IOException {
    Path folder = runs.resolve("corrupt-ensemble");
    copy(trainOnly, folder);
    Files.writeString(folder.resolve("ensemble.parquet"), "not a Parquet file");
    ReportResult result = report(folder);
    assertEquals(List.of("Run", "Models"), result.drawn());
    assertEquals(1, result.failed());
    assertTrue(result.failures().get(0).matches(
        "Ensembles: cannot be drawn from ensemble.parquet: .*ensemble.parquet is not a Parquet"
            + " file.*"), result.failures().toString());
    assertEquals(
        4, result.missing().size(), "robustness, ablation, meta, explain: " + result.missing());
    String html = Files.readString(folder.resolve(ReportJob.PAGE));
    assertTrue(html.contains("Ensembles: cannot be drawn from ensemble.parquet"));
    assertFalse(html.contains("Accuracy by condition"), "nothing of the failed section is left");
  }

  /**
   * AUROC, means and variance shares from the Spark aggregates against the same quantities
   * computed here from the collected pairs: AUROC by counting every (correct, wrong) pair, the
   * shares by the two-pass sums of squares. Exact up to summation order (1e-12).
   */
  @Test
  void robustnessAggregatesMatchABruteForceCount() {
    var pairs = spark.read().parquet(full.resolve("pairs.parquet").toString());
    PairAggregates aggregates = PairAggregates.of(pairs);
    Map<NoiseLevel, List<Row>> byLevel = new HashMap<>();
    for (Row row : pairs.select("noise", "level", "correct", "predicted", "ratio").collectAsList()) {
      byLevel.computeIfAbsent(new NoiseLevel(row.getString(0), row.getDouble(1)),
          l -> new ArrayList<>()).add(row);
    }
    assertEquals(byLevel.keySet(), aggregates.totals.keySet());
    for (Map.Entry<NoiseLevel, List<Row>> level : byLevel.entrySet()) {
      List<Double> correct = new ArrayList<>();
      List<Double> wrong = new ArrayList<>();
      level.getValue().forEach(r -> (r.getBoolean(2) ? correct : wrong).add(r.getDouble(4)));
      assertTrue(!correct.isEmpty() && !wrong.isEmpty(), "both kinds of pairs at " + level);
      double wins = 0;
      for (double c : correct) {
        for (double w : wrong) {
          wins += c > w ? 1 : c == w ? 0.5 : 0;
        }
      }
      NoiseLevel key = level.getKey();
      assertEquals(wins / (correct.size() * (double) wrong.size()),
          aggregates.ratios.get(key).auroc(), 1e-12, "AUROC " + key);
      assertEquals(mean(correct), aggregates.totals.get(key).correctMean(), 1e-12);
      assertEquals(mean(wrong), aggregates.totals.get(key).wrongMean(), 1e-12);
      assertEquals(etaSquared(level.getValue(), r -> r.getInt(3)),
          aggregates.varianceShare(key, false), 1e-12, "class share " + key);
      assertEquals(etaSquared(level.getValue(), r -> r.getBoolean(2) ? 1 : 0),
          aggregates.varianceShare(key, true), 1e-12, "correctness share " + key);
    }
  }

  /**
   * The report never refuses a folder and changes nothing the stages recorded; its identity
   * follows the recorded identities of the stages it describes.
   */
  @Test
  void theReportRecordsItsOwnEntryAndAnIdentityOverTheStagesItDescribed() throws IOException {
    Path folder = runs.resolve("identity");
    copy(trainOnly, folder);
    Path manifestFile = folder.resolve("manifest.json");
    ObjectNode before = (ObjectNode) JSON.readTree(manifestFile.toFile());
    before.with("stages").remove("report");
    report(folder);
    ObjectNode after = (ObjectNode) JSON.readTree(manifestFile.toFile());
    JsonNode entry = after.path("stages").path("report");
    assertEquals("done", entry.path("status").asText());
    assertEquals(2, entry.path("counts").path("sections").asInt());
    after.with("stages").remove("report");
    assertEquals(before, after, "only the report's own entry was added");

    String identity = entry.path("identity").asText();
    report(folder);
    assertEquals(identity, identity(manifestFile), "same outputs, same identity");
    ObjectNode edited = (ObjectNode) JSON.readTree(manifestFile.toFile());
    edited.with("stages").with("train").put("identity", "another-train-stage");
    JSON.writeValue(manifestFile.toFile(), edited);
    Files.delete(folder.resolve(".manifest.json.crc")); // the local file system's checksum
    report(folder);
    assertNotEquals(identity, identity(manifestFile), "other outputs, another identity");
  }

  @Test
  void aFolderWithoutManifestIsRefusedAndNotCreated() {
    Path nowhere = runs.resolve("nowhere");
    AtlasException error = assertThrows(AtlasException.class, () -> report(nowhere));
    assertEquals("No run manifest in " + nowhere + " (no manifest.json): nothing to report; run"
        + " the pipeline into this --out first (./submit.sh --out " + nowhere + ")",
        error.getMessage());
    assertEquals(2, error.exitCode());
    assertFalse(Files.exists(nowhere));
  }

  private static String identity(Path manifest) throws IOException {
    return JSON.readTree(manifest.toFile()).path("stages").path("report").path("identity").asText();
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** η² by definition: 1 − Σ (x − group mean)² / Σ (x − grand mean)², two passes. */
  private static double etaSquared(List<Row> rows, java.util.function.ToIntFunction<Row> group) {
    Map<Integer, List<Double>> groups = new HashMap<>();
    rows.forEach(r -> groups.computeIfAbsent(group.applyAsInt(r), g -> new ArrayList<>())
        .add(r.getDouble(4)));
    double grand = rows.stream().mapToDouble(r -> r.getDouble(4)).average().orElseThrow();
    double total = rows.stream().mapToDouble(r -> Math.pow(r.getDouble(4) - grand, 2)).sum();
    double within = 0;
    for (List<Double> values : groups.values()) {
      double mean = mean(values);
      within += values.stream().mapToDouble(v -> Math.pow(v - mean, 2)).sum();
    }
    return 1 - within / total;
  }

  private static int count(String text, String fragment) {
    int count = 0;
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
      count++;
    }
    return count;
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
