package io.robustatlas.robustness;

import io.robustatlas.config.NoiseSetting;
import io.robustatlas.model.ModelsTable;
import io.robustatlas.robustness.Ablation.Level;
import io.robustatlas.robustness.Ablation.Model;
import io.robustatlas.robustness.Ablation.Ratios;
import io.robustatlas.spark.Outputs;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ablation.parquet}: the {@link Ablation} summary of a folder, one row per (grid axis,
 * value, noise kind, level). It is derived from {@code models.parquet} and the committed pairs, so
 * every robustness run recomputes it and replaces the previous file whole (written beside it, then
 * renamed: a reader sees the old file or the new one, never part of one).
 */
public final class AblationTable {
  public static final String FILE_NAME = "ablation.parquet";

  /** The grid axes, as {@code models.parquet} names them. */
  static final List<String> AXES =
      List.of(
          "optimizer", "learning_rate", "l2", "epochs", "seed", "init", "batch_size", "activation",
          "pooling", "dropout");

  public static final StructType SCHEMA =
      new StructType()
          .add(PairsTable.field("axis", DataTypes.StringType))
          .add(PairsTable.field("value", DataTypes.StringType))
          .add(PairsTable.field("noise", DataTypes.StringType))
          .add(PairsTable.field("level", DataTypes.DoubleType))
          .add(PairsTable.field("groups", DataTypes.IntegerType))
          .add(PairsTable.field("accuracy_models", DataTypes.IntegerType))
          .add(PairsTable.field("accuracy_mean", DataTypes.DoubleType))
          .add(PairsTable.field("accuracy_sd", DataTypes.DoubleType))
          .add(PairsTable.field("kept_share", DataTypes.DoubleType))
          .add(PairsTable.field("kept_share_sd", DataTypes.DoubleType))
          .add(PairsTable.field("correct_models", DataTypes.IntegerType))
          .add(PairsTable.field("correct_ratio_mean", DataTypes.DoubleType))
          .add(PairsTable.field("correct_ratio_sd", DataTypes.DoubleType))
          .add(PairsTable.field("wrong_models", DataTypes.IntegerType))
          .add(PairsTable.field("wrong_ratio_mean", DataTypes.DoubleType))
          .add(PairsTable.field("wrong_ratio_sd", DataTypes.DoubleType));

  private AblationTable() {}

  /**
   * Summarises the folder's models and committed pairs at the stage's noise levels and writes
   * {@code ablation.parquet}.
   *
   * @param ratios per model and level, its mean ratio on correct and on wrong pairs
   * @return the rows, for the stage's summary
   */
  static List<Ablation.Row> write(
      SparkSession spark, String outDir, Map<String, Map<Level, Ratios>> ratios,
      List<NoiseSetting> noise) throws IOException {
    List<Level> levels = new ArrayList<>();
    for (NoiseSetting setting : noise) {
      setting.levels().forEach(level -> levels.add(new Level(setting.kind().toString(), level)));
    }
    Dataset<Row> models = spark.read().parquet(new Path(outDir, ModelsTable.FILE_NAME).toString());
    List<String> axes = AXES.stream().filter(Arrays.asList(models.columns())::contains).toList();
    List<Model> facts = models(models, axes, ratios);
    List<Ablation.Row> rows = Ablation.summarise(axes, facts, levels);
    Outputs.writeSingleParquet(
        spark.createDataFrame(rows.stream().map(AblationTable::toRow).toList(), SCHEMA),
        spark.sparkContext().hadoopConfiguration(),
        new Path(outDir, FILE_NAME));
    return rows;
  }

  private static List<Model> models(
      Dataset<Row> models, List<String> axes, Map<String, Map<Level, Ratios>> ratios) {
    List<String> columns = new ArrayList<>(List.of("model_id", "test_accuracy", "kept"));
    columns.addAll(axes);
    List<Model> facts = new ArrayList<>();
    for (Row row : models.selectExpr(columns.toArray(String[]::new)).collectAsList()) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < axes.size(); i++) {
        values.put(axes.get(i), text(row.get(3 + i)));
      }
      String id = row.getString(0);
      facts.add(
          new Model(id, values, row.getDouble(1), row.getBoolean(2),
              ratios.getOrDefault(id, Map.of())));
    }
    return facts;
  }

  /** A value as text; numbers without trailing zeros or exponents, as in the model ids. */
  private static String text(Object value) {
    return value instanceof Double number
        ? BigDecimal.valueOf(number).stripTrailingZeros().toPlainString()
        : String.valueOf(value);
  }

  private static Row toRow(Ablation.Row row) {
    return RowFactory.create(
        row.axis(), row.value(), row.level().noise(), row.level().level(), row.groups(),
        row.accuracy().count(), row.accuracy().mean(), row.accuracy().sd(),
        row.kept().mean(), row.kept().sd(),
        row.correctRatio().count(), row.correctRatio().mean(), row.correctRatio().sd(),
        row.wrongRatio().count(), row.wrongRatio().mean(), row.wrongRatio().sd());
  }
}
