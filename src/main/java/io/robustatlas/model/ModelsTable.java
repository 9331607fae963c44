package io.robustatlas.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code models.parquet}: one row per model of the grid, typed columns. The robustness stage reads
 * it (kept rows and their {@code model_path}); researchers read it with any Parquet reader.
 */
public final class ModelsTable {
  public static final String FILE_NAME = "models.parquet";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field("model_id", DataTypes.StringType, false),
            field("optimizer", DataTypes.StringType, false),
            field("learning_rate", DataTypes.DoubleType, false),
            field("l2", DataTypes.DoubleType, false),
            field("epochs", DataTypes.IntegerType, false),
            field("seed", DataTypes.LongType, false),
            field("init", DataTypes.StringType, false),
            field("batch_size", DataTypes.IntegerType, false),
            field("activation", DataTypes.StringType, false),
            field("pooling", DataTypes.StringType, false),
            field("dropout", DataTypes.DoubleType, false),
            field("train_fingerprint", DataTypes.StringType, false),
            field("test_accuracy", DataTypes.DoubleType, false),
            field("epoch_loss", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            field("train_seconds", DataTypes.DoubleType, false),
            field("diverged", DataTypes.BooleanType, false),
            field("kept", DataTypes.BooleanType, false),
            field("model_path", DataTypes.StringType, true),
          });

  private ModelsTable() {}

  /** The table of {@code records}, {@code kept} decided by {@code minAccuracy}, ordered by id. */
  public static Dataset<Row> of(
      SparkSession spark, Collection<ModelRecord> records, double minAccuracy) {
    List<Row> rows = new ArrayList<>();
    for (ModelRecord r : records) {
      rows.add(
          RowFactory.create(
              r.modelId(),
              r.optimizer(),
              r.learningRate(),
              r.l2(),
              r.epochs(),
              r.seed(),
              r.init(),
              r.batchSize(),
              r.activation(),
              r.pooling(),
              r.dropout(),
              r.trainFingerprint(),
              r.testAccuracy(),
              Arrays.stream(r.epochLoss()).boxed().toArray(Double[]::new),
              r.trainSeconds(),
              r.diverged(),
              r.kept(minAccuracy),
              r.modelPath()));
    }
    return spark.createDataFrame(rows, SCHEMA).orderBy("model_id");
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
