package io.robustatlas.meta;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;

import io.robustatlas.config.MetaConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The pairs as meta-learning examples under one split protocol: the chosen activation vectors
 * concatenated into {@code features} and standardised with the mean and standard deviation of the
 * training split only (Spark MLlib's {@code StandardScaler}: per element, sample standard
 * deviation; an element constant on the training split becomes 0), so nothing about validation or
 * test pairs leaks into the inputs. Columns: {@code model_id}, {@code sample_index}, {@code split},
 * {@code ratio}, {@code correct} (1 or 0), {@code msp} (max softmax probability, unscaled) and
 * {@code features} (an MLlib vector in {@code meta.inputs} order).
 */
final class FeatureTable {
  static final String FEATURES = "features";
  static final String MSP = "msp";
  private static final String RAW = "raw_features";

  private FeatureTable() {}

  /** {@code meta/scaling.parquet}: the training split's mean and standard deviation per feature. */
  static final StructType SCALING_SCHEMA =
      new StructType()
          .add("split_by", DataTypes.StringType, false)
          .add("input", DataTypes.StringType, false)
          .add("index", DataTypes.IntegerType, false)
          .add("mean", DataTypes.DoubleType, false)
          .add("std", DataTypes.DoubleType, false);

  /**
   * The standardised examples (cached; unpersist them when the protocol's cells are done) and the
   * scaling that made them.
   */
  record Standardised(Dataset<Row> table, List<Row> scaling) {}

  static Standardised standardised(
      Dataset<Row> pairs, Dataset<Row> assignment, SplitBy splitBy, MetaConfig meta) {
    List<Column> columns =
        new ArrayList<>(
            List.of(
                col("model_id"),
                col("sample_index"),
                col("ratio"),
                col("correct").cast("double").as("correct"),
                array_max(col("probs")).cast("double").as(MSP)));
    String[] vectors = new String[meta.inputs().size()];
    for (int i = 0; i < vectors.length; i++) {
      String column = meta.inputs().get(i).column();
      vectors[i] = column + "_vector";
      columns.add(functions.array_to_vector(col(column)).as(vectors[i]));
    }
    Dataset<Row> examples =
        SplitAssignment.attach(pairs.select(columns.toArray(Column[]::new)), assignment, splitBy);
    Dataset<Row> assembled =
        new VectorAssembler().setInputCols(vectors).setOutputCol(RAW).transform(examples);
    StandardScalerModel scaler =
        new StandardScaler()
            .setWithMean(true)
            .setWithStd(true)
            .setInputCol(RAW)
            .setOutputCol(FEATURES)
            .fit(assembled.where(col("split").equalTo(Split.TRAIN.toString())));
    Dataset<Row> table =
        scaler
            .transform(assembled)
            .select("model_id", "sample_index", "split", "ratio", "correct", MSP, FEATURES)
            // One partition per core: every scoring task rebuilds the network once per partition.
            .coalesce(pairs.sparkSession().sparkContext().defaultParallelism())
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new Standardised(table, scaling(splitBy, meta, scaler));
  }

  private static List<Row> scaling(SplitBy splitBy, MetaConfig meta, StandardScalerModel scaler) {
    List<Row> rows = new ArrayList<>();
    int offset = 0;
    for (MetaInput input : meta.inputs()) {
      for (int i = 0; i < input.size(); i++) {
        rows.add(
            RowFactory.create(
                splitBy.toString(), input.column(), i, scaler.mean().apply(offset + i),
                scaler.std().apply(offset + i)));
      }
      offset += input.size();
    }
    return rows;
  }

  /** The rows of one split. */
  static Dataset<Row> of(Dataset<Row> table, Split split) {
    return table.where(col("split").equalTo(split.toString()));
  }
}
