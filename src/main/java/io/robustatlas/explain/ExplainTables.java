package io.robustatlas.explain;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The stage's two tables, folders of Parquet files committed per group of models ({@link
 * io.robustatlas.spark.GroupCommits}: the pairs file first, the kernels file is the commit point).
 * Column meanings are documented in the README.
 */
public final class ExplainTables {
  /** One row per (model, layer, channel): spectrum, ablation, selection histogram. */
  public static final String KERNELS_DIR = "explain-kernels.parquet";

  /**
   * One row per (model, probed sample): relevance maps and the channels the image needs. Joins
   * {@code pairs.parquet} on {@code model_id, sample_index} (one row there per noise and level).
   */
  public static final String PAIRS_DIR = "explain-pairs.parquet";

  public static final StructType KERNELS =
      schema(
          field("model_id", DataTypes.StringType),
          field("layer", DataTypes.StringType),
          field("channel", DataTypes.IntegerType),
          field("in_channels", DataTypes.IntegerType),
          field("kernel_norm", DataTypes.DoubleType),
          field("power", floats()),
          field("band_energy", DataTypes.createArrayType(DataTypes.DoubleType, false)),
          field("orientation", DataTypes.DoubleType),
          field("orientation_strength", DataTypes.DoubleType),
          field("ablation_mae", DataTypes.DoubleType),
          field("ablation_accuracy_change", DataTypes.DoubleType),
          field("ablation_ratio_change", DataTypes.DoubleType),
          field("importance_rank", DataTypes.IntegerType),
          field("selected_images", DataTypes.IntegerType),
          field("images", DataTypes.IntegerType));

  public static final StructType PAIRS =
      schema(
          field("model_id", DataTypes.StringType),
          field("sample_index", DataTypes.IntegerType),
          field("explained_class", DataTypes.IntegerType),
          field("root", DataTypes.StringType),
          field("image", floats()),
          field("gradient", floats()),
          field("relevance", floats()),
          field("logit", DataTypes.DoubleType),
          field("root_logit", DataTypes.DoubleType),
          field("relevance_sum", DataTypes.DoubleType),
          field("concentration", DataTypes.DoubleType),
          field("needed_channels", DataTypes.IntegerType),
          field("selected_channels", DataTypes.createArrayType(DataTypes.IntegerType, false)),
          field("approx_mae", DataTypes.DoubleType),
          field("mae_threshold", DataTypes.DoubleType));

  private ExplainTables() {}

  private static DataType floats() {
    return DataTypes.createArrayType(DataTypes.FloatType, false);
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  private static StructType schema(StructField... fields) {
    return new StructType(List.of(fields).toArray(StructField[]::new));
  }
}
