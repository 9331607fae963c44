package io.robustatlas.ensemble;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ensemble.parquet}: one row per (model, copies, voting, noise, level), one Parquet file.
 * Column meanings are documented in the README.
 */
public final class EnsembleTable {
  public static final String FILE_NAME = "ensemble.parquet";

  /** The {@code noise} of rows measured on the clean test set. */
  public static final String CLEAN = "clean";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field("model_id", DataTypes.StringType),
            field("copies", DataTypes.IntegerType),
            field("voting", DataTypes.StringType),
            field("noise", DataTypes.StringType),
            field("level", DataTypes.DoubleType),
            field("alpha", DataTypes.DoubleType),
            field("test_images", DataTypes.IntegerType),
            field("accuracy", DataTypes.DoubleType),
            field("balanced_accuracy", DataTypes.DoubleType),
            field("kappa", DataTypes.DoubleType),
            field("class_accuracy", DataTypes.createArrayType(DataTypes.DoubleType, false)),
            field("images_per_second", DataTypes.DoubleType),
          });

  private EnsembleTable() {}

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }
}
