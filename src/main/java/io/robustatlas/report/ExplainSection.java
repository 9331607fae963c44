package io.robustatlas.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustatlas.explain.ExplainTables;
import io.robustatlas.run.Stage;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.CategoryChart;

/**
 * The explanations, from {@code explain-kernels.parquet} and {@code explain-pairs.parquet}: where
 * each layer's kernels put their energy in frequency, what switching off a channel costs, which
 * channels the images need (the histogram of the greedy selection), the spectra of one model's
 * conv1 kernels, and a few probed images next to their relevance maps, robust and fragile ones.
 */
final class ExplainSection implements ReportSection {
  private static final String[] BANDS = {"0–0.125", "0.125–0.25", "0.25–0.375", "≥ 0.375"};
  private static final int SPECTRUM = 16;

  @Override
  public String title() {
    return "Explanations";
  }

  @Override
  public String table() {
    return ExplainTables.KERNELS_DIR;
  }

  @Override
  public String stage() {
    return Stage.EXPLAIN.id();
  }

  @Override
  public void draw(RunFolder folder, Page page) {
    Dataset<Row> kernels = folder.table(ExplainTables.KERNELS_DIR).orElseThrow();
    page.paragraph(correlations(folder));
    List<Row> layers =
        kernels
            .groupBy("layer")
            .agg(
                org.apache.spark.sql.functions.count("channel"),
                avgOf("band_energy[0]"), avgOf("band_energy[1]"), avgOf("band_energy[2]"),
                avgOf("band_energy[3]"), avgOf("orientation_strength"), avgOf("ablation_mae"),
                avgOf("ablation_accuracy_change"), avgOf("ablation_ratio_change"),
                avgOf("selected_images / images"))
            .orderBy("layer")
            .collectAsList();
    page.table(layerTable(layers));
    page.figures(List.of(bandChart(layers), histogram(kernels)));
    List<Figure> pictures = new ArrayList<>(List.of(spectra(kernels)));
    folder.table(ExplainTables.PAIRS_DIR).ifPresent(
        pairs -> folder.table("pairs.parquet").ifPresent(
            probed -> pictures.add(relevanceMaps(pairs, probed))));
    page.figures(pictures);
  }

  private static org.apache.spark.sql.Column avgOf(String expression) {
    return org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.expr(expression));
  }

  /** The stage's headline as it recorded it in the manifest. */
  private static String correlations(RunFolder folder) {
    JsonNode counts = folder.manifest().path("stages").path(Stage.EXPLAIN.id()).path("counts");
    List<String> parts = new ArrayList<>();
    counts.fields().forEachRemaining(entry -> {
      if (entry.getKey().startsWith("r_")) {
        parts.add(entry.getKey().substring(2).replace('_', ' ') + " r = "
            + Formats.decimal(entry.getValue().asDouble(Double.NaN)));
      }
    });
    return "Correlation of a pair's relevance concentration (share of |R| in its top 10% pixels)"
        + " with its ratio: " + (parts.isEmpty() ? "not recorded" : String.join("; ", parts))
        + ". Channels an image needs (greedy selection), mean: "
        + Formats.decimal(counts.path("mean_needed_channels").asDouble(Double.NaN)) + " of 22.";
  }

  private static Table layerTable(List<Row> layers) {
    List<String> header = new ArrayList<>(List.of("layer", "channels (all models)"));
    for (String band : BANDS) {
      header.add("energy " + band);
    }
    header.addAll(List.of("orientation strength", "ablation logit MAE", "accuracy change",
        "ratio change", "images needing it"));
    Table.Builder table = new Table.Builder(header.toArray(String[]::new));
    for (Row row : layers) {
      List<Object> cells = new ArrayList<>(List.of(row.getString(0), Formats.count(row.getLong(1))));
      for (int b = 0; b < BANDS.length; b++) {
        cells.add(Formats.share(row.getDouble(2 + b)));
      }
      cells.add(Formats.share(row.getDouble(6)));
      cells.add(Formats.decimal(row.getDouble(7)));
      cells.add(Formats.share(row.getDouble(8)));
      cells.add(Formats.share(row.getDouble(9)));
      cells.add(Formats.percent(row.getDouble(10)));
      table.row(cells.toArray());
    }
    return table.reading("Means over models and channels. Energy: share of a kernel's power per"
        + " radial frequency band (cycles per pixel, 16×16 DFT). Ablation: the channel switched"
        + " off (kernel and bias zeroed) on the probed samples, against the full model.");
  }

  private static Figure bandChart(List<Row> layers) {
    CategoryChart chart =
        Charts.bars("Kernel energy by frequency band", "radial frequency (cycles per pixel)",
            "share of power");
    int index = 0;
    for (Row row : layers) {
      List<Double> shares = new ArrayList<>();
      for (int b = 0; b < BANDS.length; b++) {
        shares.add(row.getDouble(2 + b));
      }
      chart.addSeries(row.getString(0), List.of(BANDS), shares).setFillColor(Charts.color(index++));
    }
    return Charts.figure(chart, "Low bands hold smooth, blob-like kernels; high bands edge and"
        + " texture detectors (mean over models and channels).");
  }

  private static Figure histogram(Dataset<Row> kernels) {
    List<String> names = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    for (Row row :
        kernels.groupBy("layer", "channel")
            .agg(org.apache.spark.sql.functions.sum("selected_images"),
                org.apache.spark.sql.functions.sum("images"))
            .orderBy("layer", "channel").collectAsList()) {
      names.add(row.getString(0).replace("conv", "c") + "." + row.getInt(1));
      shares.add(row.getLong(3) == 0 ? 0.0 : (double) row.getLong(2) / row.getLong(3));
    }
    CategoryChart chart =
        Charts.bars("Channels the images need", "convolution channel", "share of images");
    chart.addSeries("images needing the channel", names, shares).setFillColor(Charts.color(0));
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisLabelRotation(90);
    return Charts.figure(chart, "The histogram of the greedy selection: per channel, the share of"
        + " probed images (over all models) whose approximate model needs it to stay within the"
        + " logit error bound.");
  }

  /** The conv1 spectra of the first model, DC in the middle. */
  private static Figure spectra(Dataset<Row> kernels) {
    List<Row> rows =
        kernels.where("layer = 'conv1'").orderBy("model_id", "channel")
            .select("model_id", "channel", "power", "orientation").limit(6).collectAsList();
    List<Tiles.Tile> tiles = new ArrayList<>();
    for (Row row : rows) {
      List<Float> power = row.getList(2);
      float[] centred = new float[SPECTRUM * SPECTRUM];
      for (int v = 0; v < SPECTRUM; v++) {
        for (int u = 0; u < SPECTRUM; u++) {
          int to = ((v + SPECTRUM / 2) % SPECTRUM) * SPECTRUM + (u + SPECTRUM / 2) % SPECTRUM;
          centred[to] = power.get(v * SPECTRUM + u);
        }
      }
      tiles.add(new Tiles.Tile(centred, SPECTRUM, Tiles.Shading.INTENSITY,
          "conv1." + row.getInt(1) + "\n" + Math.round(row.getDouble(3)) + "°"));
    }
    String model = rows.isEmpty() ? "" : rows.get(0).getString(0);
    return Tiles.figure("Kernel spectra of model " + model, tiles, 6, "Power of each conv1 kernel"
        + " of model " + model + " (16×16 DFT, zero frequency in the middle, darker = more power)"
        + " with its dominant orientation (0° = frequencies along x).");
  }

  /** Two robust correct, two fragile correct and two wrong pairs: image, then relevance. */
  private static Figure relevanceMaps(Dataset<Row> explained, Dataset<Row> probed) {
    Row first = probed.select("noise", "level").orderBy("noise", "level").first();
    Dataset<Row> joined =
        explained.join(
                probed.where(col("noise").equalTo(first.getString(0))
                    .and(col("level").equalTo(first.getDouble(1)))),
                scala.collection.JavaConverters.asScalaBuffer(
                    List.of("model_id", "sample_index")).toSeq())
            .select("model_id", "sample_index", "label", "predicted", "correct", "ratio",
                "image", "relevance");
    List<Row> chosen = new ArrayList<>();
    chosen.addAll(joined.where("correct").orderBy(col("ratio").desc(), col("model_id"),
        col("sample_index")).limit(2).collectAsList());
    chosen.addAll(joined.where("correct").orderBy(col("ratio"), col("model_id"),
        col("sample_index")).limit(2).collectAsList());
    chosen.addAll(joined.where("NOT correct").orderBy(col("ratio"), col("model_id"),
        col("sample_index")).limit(2).collectAsList());
    List<Tiles.Tile> tiles = new ArrayList<>();
    for (Row row : chosen) {
      String caption = "true " + row.getInt(2) + ", pred " + row.getInt(3) + "\nratio "
          + Formats.decimal(row.getDouble(5));
      tiles.add(new Tiles.Tile(floats(row.getList(6)), 28, Tiles.Shading.GRAY, caption));
      tiles.add(new Tiles.Tile(floats(row.getList(7)), 28, Tiles.Shading.SIGNED, "relevance"));
    }
    String level = new NoiseLevel(first.getString(0), first.getDouble(1)).toString();
    return Tiles.figure("Relevance maps", tiles, 4, "Probed images next to their Taylor relevance"
        + " maps (red: pixels that raise the predicted logit, blue: lower it): two robust and two"
        + " fragile correct pairs and the two least robust wrong pairs, ratios at " + level + ".");
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
