package io.robustatlas.meta;

import io.robustatlas.meta.engine.Examples;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One split of a protocol's feature table in memory, in pair order (model_id, sample_index): the
 * keys, the standardised features as one row-major float array, and both targets. The engine's
 * networks of every task read it, so the driver collects it once per protocol and broadcasts it.
 */
record SplitRows(
    String[] modelIds, int[] sampleIndices, float[] features, int width, double[] ratio,
    double[] correct)
    implements Serializable {

  /** The rows of {@code split}, collected to the driver in pair order. */
  static SplitRows collect(Dataset<Row> table, Split split, int width) {
    List<Row> rows =
        FeatureTable.of(table, split)
            .select("model_id", "sample_index", "ratio", "correct", FeatureTable.FEATURES)
            .orderBy("model_id", "sample_index")
            .collectAsList();
    int n = rows.size();
    String[] models = new String[n];
    int[] samples = new int[n];
    double[] ratio = new double[n];
    double[] correct = new double[n];
    float[] features = new float[Math.multiplyExact(n, width)];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      models[i] = row.getString(0);
      samples[i] = row.getInt(1);
      ratio[i] = row.getDouble(2);
      correct[i] = row.getDouble(3);
      Vector vector = row.getAs(4);
      for (int f = 0; f < width; f++) {
        features[i * width + f] = (float) vector.apply(f);
      }
    }
    return new SplitRows(models, samples, features, width, ratio, correct);
  }

  int count() {
    return modelIds.length;
  }

  /** The task's target at full precision, for the predictions table. */
  double[] targets(MetaTask task) {
    return task == MetaTask.REGRESSION ? ratio : correct;
  }

  /** The rows as the engine's examples for {@code task}. */
  Examples examples(MetaTask task) {
    double[] exact = targets(task);
    float[] targets = new float[exact.length];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = (float) exact[i];
    }
    return new Examples(features, targets, width);
  }
}
