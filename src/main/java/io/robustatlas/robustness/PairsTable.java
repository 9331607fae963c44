package io.robustatlas.robustness;

import io.robustatlas.AtlasException;
import io.robustatlas.model.LeNet5;
import io.robustatlas.run.RunManifest;
import io.robustatlas.run.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code pairs.parquet}: one row per (model, sample, noise kind, level). A folder of large Parquet
 * files, one per group of models; hidden files ({@code .} or {@code _} first) are in-progress work
 * that every reader skips. Column meanings are documented in the README.
 */
public final class PairsTable {
  public static final String DIR_NAME = "pairs.parquet";

  /** Activation columns always written, in order. */
  public static final List<String> BASE_LAYERS = List.of("maxpool2", "fc1", "fc2");

  /** Extra activation columns with {@code robustness.all-layers = true}. */
  public static final List<String> EARLY_LAYERS = List.of("conv1", "pool1", "conv2");

  private PairsTable() {}

  /**
   * Before anything is read or written: the robustness stage finished into {@code outDir}, for the
   * stages that read its pairs.
   *
   * @throws AtlasException (exit 2) when it did not
   */
  public static void requireFinishedRobustnessStage(Configuration hadoop, String outDir) {
    Path pairsDir = new Path(outDir, DIR_NAME);
    String status =
        RunManifest.existing(hadoop, outDir)
            .map(manifest -> manifest.status(Stage.ROBUSTNESS.id()))
            .orElse(null);
    boolean exists;
    try {
      exists = pairsDir.getFileSystem(hadoop).exists(pairsDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!"done".equals(status) || !exists) {
      throw new AtlasException(
          "No finished robustness stage in " + outDir + " (robustness status: "
              + (status == null ? "never run" : status)
              + (exists ? "" : ", no " + DIR_NAME)
              + "): run the robustness stage into this --out first (a partial one again, until no"
              + " model fails)");
    }
  }

  /** Hidden layers whose clean activations are recorded, in column order. */
  public static List<String> layers(boolean allLayers) {
    List<String> layers = new ArrayList<>();
    if (allLayers) {
      layers.addAll(EARLY_LAYERS);
    }
    layers.addAll(BASE_LAYERS);
    return List.copyOf(layers);
  }

  /**
   * Roughly the bytes one pair row takes in memory: its float arrays plus a fixed allowance for
   * the scalar columns and object headers. For sizing, not for accounting.
   */
  static long bytesPerRow(boolean allLayers) {
    int floats = 2 * LeNet5.CLASSES;
    for (String layer : layers(allLayers)) {
      floats += LAYER_WIDTHS.get(layer);
    }
    return Float.BYTES * (long) floats + 512;
  }

  /** Values per sample of each recorded hidden layer. */
  private static final Map<String, Integer> LAYER_WIDTHS =
      Map.of("conv1", 6 * 24 * 24, "pool1", 6 * 12 * 12, "conv2", 16 * 8 * 8, "maxpool2", 256,
          "fc1", 120, "fc2", 84);

  public static StructType schema(boolean allLayers) {
    DataType floats = DataTypes.createArrayType(DataTypes.FloatType, false);
    List<StructField> fields =
        new ArrayList<>(
            List.of(
                field("model_id", DataTypes.StringType),
                field("sample_index", DataTypes.IntegerType),
                field("label", DataTypes.IntegerType),
                field("predicted", DataTypes.IntegerType),
                field("correct", DataTypes.BooleanType),
                field("noise", DataTypes.StringType),
                field("level", DataTypes.DoubleType),
                field("copies", DataTypes.IntegerType),
                field("unchanged", DataTypes.IntegerType),
                field("ratio", DataTypes.DoubleType),
                field("ratio_low", DataTypes.DoubleType),
                field("ratio_high", DataTypes.DoubleType),
                field("mean_kl", DataTypes.DoubleType),
                field("flip_counts", DataTypes.createArrayType(DataTypes.IntegerType, false))));
    for (String layer : layers(allLayers)) {
      fields.add(field(layer, floats));
    }
    fields.add(field("logits", floats));
    fields.add(field("probs", floats));
    return new StructType(fields.toArray(StructField[]::new));
  }

  static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }
}
