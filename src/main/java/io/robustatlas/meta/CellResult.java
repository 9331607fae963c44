package io.robustatlas.meta;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code meta/metrics.parquet}: what a cell was fitted on and how it did on the test
 * split. Metrics of the other task are null; a metric that is undefined on the test split (AUROC
 * without errors, say) is NaN.
 *
 * @param trainer {@code spark} or {@code local} for networks, {@code mllib} or {@code none} (MSP)
 *     for baselines
 * @param inputs the activation vectors read, comma-separated
 * @param regression r², MAE, RMSE, Spearman; null for classification cells
 * @param classification accuracy, balanced accuracy, AUROC, AUPR-error, AUPR-success; null for
 *     regression cells
 * @param epochsRun epochs fitted before early stopping (null for baselines)
 * @param bestEpoch the epoch whose network was kept (null for baselines)
 * @param trainLoss mean training-split loss after each epoch (empty for baselines)
 * @param validationLoss mean validation-split loss after each epoch (empty for baselines)
 * @param networkPath the network zip relative to the output folder (null for baselines)
 */
public record CellResult(
    Cell cell,
    String trainer,
    String noise,
    double level,
    String inputs,
    long trainPairs,
    long validationPairs,
    long testPairs,
    RegressionMetrics regression,
    ClassificationMetrics classification,
    Integer epochsRun,
    Integer bestEpoch,
    double[] trainLoss,
    double[] validationLoss,
    double seconds,
    String networkPath) {

  public static final StructType SCHEMA = schema();

  private static StructType schema() {
    DataType doubles = DataTypes.createArrayType(DataTypes.DoubleType, false);
    StructType schema =
        new StructType()
            .add("split_by", DataTypes.StringType, false)
            .add("task", DataTypes.StringType, false)
            .add("model", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("seed", DataTypes.LongType, true)
            .add("trainer", DataTypes.StringType, false)
            .add("noise", DataTypes.StringType, false)
            .add("level", DataTypes.DoubleType, false)
            .add("inputs", DataTypes.StringType, false)
            .add("train_pairs", DataTypes.LongType, false)
            .add("validation_pairs", DataTypes.LongType, false)
            .add("test_pairs", DataTypes.LongType, false);
    for (String metric : metricNames()) {
      schema = schema.add(metric, DataTypes.DoubleType, true);
    }
    return schema
        .add("epochs_run", DataTypes.IntegerType, true)
        .add("best_epoch", DataTypes.IntegerType, true)
        .add("train_loss", doubles, false)
        .add("validation_loss", doubles, false)
        .add("seconds", DataTypes.DoubleType, false)
        .add("network_path", DataTypes.StringType, true);
  }

  /** Metric columns, regression's then classification's. */
  static List<String> metricNames() {
    return List.of(
        "r2", "mae", "rmse", "spearman",
        "accuracy", "balanced_accuracy", "auroc", "aupr_error", "aupr_success");
  }

  public Row toRow() {
    List<Object> values =
        new ArrayList<>(
            List.of(
                cell.splitBy().toString(), cell.task().toString(), cell.model(),
                cell.isNetwork() ? "network" : "baseline"));
    values.add(cell.seed());
    values.addAll(
        List.of(trainer, noise, level, inputs, trainPairs, validationPairs, testPairs));
    values.addAll(metricValues());
    values.add(epochsRun);
    values.add(bestEpoch);
    values.add(boxed(trainLoss));
    values.add(boxed(validationLoss));
    values.add(seconds);
    values.add(networkPath);
    return RowFactory.create(values.toArray());
  }

  private List<Double> metricValues() {
    List<Double> values = new ArrayList<>();
    boolean isRegression = regression != null;
    values.add(isRegression ? regression.r2() : null);
    values.add(isRegression ? regression.mae() : null);
    values.add(isRegression ? regression.rmse() : null);
    values.add(isRegression ? regression.spearman() : null);
    boolean isClassification = classification != null;
    values.add(isClassification ? classification.accuracy() : null);
    values.add(isClassification ? classification.balancedAccuracy() : null);
    values.add(isClassification ? classification.auroc() : null);
    values.add(isClassification ? classification.auprError() : null);
    values.add(isClassification ? classification.auprSuccess() : null);
    return values;
  }

  private static Double[] boxed(double[] values) {
    Double[] boxed = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
