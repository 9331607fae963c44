package io.robustatlas.meta;

import static org.apache.spark.sql.functions.col;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.random.Seeds;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The baselines' test-split predictions (columns of {@link NetworkScorer#SCHEMA}), each fitted on
 * the training split only with Spark MLlib. MSP needs no fit as a correctness score; as a ratio it
 * goes through a least-squares line {@code ratio ≈ a + b·MSP}. The linear and GBT baselines read
 * the same standardised features as the networks. Classifiers score P(correct).
 */
final class Baselines {
  private static final long GBT_DOMAIN = Seeds.tag("meta-gbt");
  private static final String MSP_VECTOR = "msp_vector";

  private Baselines() {}

  static Dataset<Row> predict(
      Baseline baseline, MetaTask task, Dataset<Row> table, MetaConfig meta, long runSeed) {
    Dataset<Row> train = FeatureTable.of(table, Split.TRAIN);
    Dataset<Row> test = FeatureTable.of(table, Split.TEST);
    boolean regression = task == MetaTask.REGRESSION;
    return switch (baseline) {
      case MSP -> regression ? mspLine(train, test) : rows(test, task, col(FeatureTable.MSP));
      case LINEAR ->
          regression
              ? fitted(new LinearRegression(), FeatureTable.FEATURES, train, test, task)
              : fitted(new LogisticRegression(), FeatureTable.FEATURES, train, test, task);
      case GBT -> {
        long seed = Seeds.derive(GBT_DOMAIN, runSeed);
        int trees = meta.gbtIterations();
        yield regression
            ? fitted(new GBTRegressor().setMaxIter(trees).setSeed(seed), FeatureTable.FEATURES, train, test, task)
            : fitted(new GBTClassifier().setMaxIter(trees).setSeed(seed), FeatureTable.FEATURES, train, test, task);
      }
    };
  }

  private static Dataset<Row> mspLine(Dataset<Row> train, Dataset<Row> test) {
    VectorAssembler msp =
        new VectorAssembler().setInputCols(new String[] {FeatureTable.MSP}).setOutputCol(MSP_VECTOR);
    return fitted(new LinearRegression(), MSP_VECTOR, msp.transform(train), msp.transform(test),
        MetaTask.REGRESSION);
  }

  private static Dataset<Row> fitted(
      Predictor<?, ?, ?> predictor,
      String features,
      Dataset<Row> train,
      Dataset<Row> test,
      MetaTask task) {
    predictor.setFeaturesCol(features);
    predictor.setLabelCol(task.target());
    Model<?> model = predictor.fit(train);
    Dataset<Row> scored = model.transform(test);
    Column prediction =
        task == MetaTask.REGRESSION
            ? col("prediction")
            : functions.vector_to_array(col("probability"), "float64").getItem(1);
    return rows(scored, task, prediction);
  }

  private static Dataset<Row> rows(Dataset<Row> test, MetaTask task, Column prediction) {
    return test.select(
        col("model_id"),
        col("sample_index"),
        col("split"),
        col(task.target()).as("target"),
        prediction.cast("double").as("prediction"));
  }
}
