package io.robustatlas.robustness;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code pair-counts.parquet}: one row per probed model with how many samples each quota found.
 * A model's row is committed after its pairs, so it is also the stage's record of finished work.
 */
public final class PairCountsTable {
  public static final String DIR_NAME = "pair-counts.parquet";

  public static final StructType SCHEMA = schema();

  private PairCountsTable() {}

  private static StructType schema() {
    DataType ints = DataTypes.createArrayType(DataTypes.IntegerType, false);
    return new StructType()
        .add(PairsTable.field("model_id", DataTypes.StringType))
        .add(PairsTable.field("correct_quota", DataTypes.IntegerType))
        .add(PairsTable.field("wrong_quota", DataTypes.IntegerType))
        .add(PairsTable.field("correct_found", ints))
        .add(PairsTable.field("wrong_found", ints))
        .add(PairsTable.field("samples", DataTypes.IntegerType))
        .add(PairsTable.field("shortfall", DataTypes.IntegerType))
        .add(PairsTable.field("pairs", DataTypes.IntegerType));
  }
}
