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

  /** The standardised examples, cached; unpersist them when the protocol's cells are done. */
  static Dataset<Row> standardised(
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
    return scaler
        .transform(assembled)
        .select("model_id", "sample_index", "split", "ratio", "correct", MSP, FEATURES)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The rows of one split. */
  static Dataset<Row> of(Dataset<Row> table, Split split) {
    return table.where(col("split").equalTo(split.toString()));
  }
}
