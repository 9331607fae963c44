package io.robustatlas.ensemble;

import io.robustatlas.model.LeNet5;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Learned voting: a Spark MLlib {@link RandomForestClassifier} whose features are the members'
 * probabilities side by side (member after member, 10 classes each) and whose label is the true
 * class. It is fitted on the driver (MLlib training is a Spark job) on a slice of the training set,
 * never on test images; the fitted forest is a plain serializable object that the tasks then apply
 * image by image. The training rows sit in one partition and the forest's seed is derived, so a
 * rerun fits the same forest.
 */
final class LearnedVoter {
  /** Deep enough for 10 classes from tens of features; MLlib allows up to 30. */
  static final int MAX_DEPTH = 10;

  private static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            new StructField(
                "label",
                DataTypes.DoubleType,
                false,
                NominalAttribute.defaultAttr()
                    .withName("label")
                    .withNumValues(LeNet5.CLASSES)
                    .toMetadata()),
            new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty())
          });

  private LearnedVoter() {}

  /**
   * Fits the forest of an ensemble of the first {@code members} members.
   *
   * @param memberProbs per member, the probabilities of each training image
   * @param labels the training images' true classes
   */
  static RandomForestClassificationModel fit(
      SparkSession spark, float[][] memberProbs, int[] labels, int members, int trees, long seed) {
    List<Row> rows = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      rows.add(RowFactory.create((double) labels[i], features(memberProbs, members, i)));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> training = spark.createDataFrame(jsc.parallelize(rows, 1), SCHEMA);
    return new RandomForestClassifier()
        .setNumTrees(trees)
        .setMaxDepth(MAX_DEPTH)
        .setSeed(seed)
        .fit(training);
  }

  /** The forest's class for each image. */
  static int[] predict(RandomForestClassificationModel forest, float[][] memberProbs, int members) {
    int count = memberProbs[0].length / LeNet5.CLASSES;
    int[] decided = new int[count];
    for (int i = 0; i < count; i++) {
      decided[i] = (int) forest.predict(features(memberProbs, members, i));
    }
    return decided;
  }

  /** Image {@code image}'s features: members {@code 0 .. members - 1}'s probabilities in order. */
  static Vector features(float[][] memberProbs, int members, int image) {
    double[] values = new double[members * LeNet5.CLASSES];
    for (int m = 0; m < members; m++) {
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        values[m * LeNet5.CLASSES + c] = memberProbs[m][image * LeNet5.CLASSES + c];
      }
    }
    return Vectors.dense(values);
  }
}
