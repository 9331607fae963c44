package io.robustatlas.meta;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.random.Seeds;
import java.util.List;
import java.util.function.DoubleFunction;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baselines' test-split predictions (columns of {@link NetworkScorer#SCHEMA}), fitted with
 * Spark MLlib on the training split. MSP needs no fit as a correctness score; as a ratio it goes
 * through a least-squares line {@code ratio ≈ a + b·MSP}. The linear baselines read the same
 * standardised features as the networks, with an L2 penalty chosen on the validation split (as the
 * networks' epoch is): without one, 470 features and a few hundred training pairs give an
 * undetermined least-squares fit. The GBT baselines use MLlib's defaults (depth 5) with {@code
 * meta.gbt-iterations} trees. Classifiers score P(correct).
 */
final class Baselines {
  private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);

  /** L2 penalties tried for the linear baselines, on standardised features. */
  static final List<Double> L2_GRID = List.of(0.001, 0.01, 0.1, 1.0, 10.0);

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
      case LINEAR -> {
        DoubleFunction<Predictor<?, ?, ?>> penalised =
            l2 -> regression
                ? new LinearRegression().setRegParam(l2)
                : new LogisticRegression().setRegParam(l2);
        yield linear(penalised, train, FeatureTable.of(table, Split.VALIDATION), test, task);
      }
      case GBT -> {
        long seed = Seeds.derive(GBT_DOMAIN, runSeed);
        int trees = meta.gbtIterations();
        Predictor<?, ?, ?> gbt =
            regression
                ? new GBTRegressor().setMaxIter(trees).setSeed(seed)
                : new GBTClassifier().setMaxIter(trees).setSeed(seed);
        yield rows(fit(gbt, FeatureTable.FEATURES, train, task).transform(test), task);
      }
    };
  }

  private static Dataset<Row> mspLine(Dataset<Row> train, Dataset<Row> test) {
    VectorAssembler msp =
        new VectorAssembler().setInputCols(new String[] {FeatureTable.MSP}).setOutputCol(MSP_VECTOR);
    Model<?> line = fit(new LinearRegression(), MSP_VECTOR, msp.transform(train), MetaTask.REGRESSION);
    return rows(line.transform(msp.transform(test)), MetaTask.REGRESSION);
  }

  /** The linear model whose L2 penalty gives the lowest validation loss, on the test split. */
  private static Dataset<Row> linear(
      DoubleFunction<Predictor<?, ?, ?>> penalised,
      Dataset<Row> train,
      Dataset<Row> validation,
      Dataset<Row> test,
      MetaTask task) {
    Model<?> best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestL2 = Double.NaN;
    for (double l2 : L2_GRID) {
      Model<?> model = fit(penalised.apply(l2), FeatureTable.FEATURES, train, task);
      Dataset<Row> scored = rows(model.transform(validation), task);
      double loss =
          scored.agg(avg(task.loss(col("prediction"), col("target")))).first().getDouble(0);
      if (loss < bestLoss) {
        best = model;
        bestLoss = loss;
        bestL2 = l2;
      }
    }
    LOG.info("meta: linear {} baseline: L2 {} (validation loss {})", task, bestL2, bestLoss);
    return rows(best.transform(test), task);
  }

  private static Model<?> fit(
      Predictor<?, ?, ?> predictor, String features, Dataset<Row> train, MetaTask task) {
    predictor.setFeaturesCol(features);
    predictor.setLabelCol(task.target());
    return predictor.fit(train);
  }

  /**
   * A fitted model's output as prediction rows: the predicted ratio clipped to [0, 1], the ratio's
   * range (as the networks' sigmoid head is: an unbounded fit extrapolates on the features of
   * models it never saw), or P(correct) of a classifier.
   */
  private static Dataset<Row> rows(Dataset<Row> scored, MetaTask task) {
    Column prediction =
        task == MetaTask.REGRESSION
            ? least(greatest(col("prediction"), lit(0.0)), lit(1.0))
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
