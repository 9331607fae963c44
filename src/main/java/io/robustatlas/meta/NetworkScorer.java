package io.robustatlas.meta;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores feature-table rows with a network on the executors. It broadcasts a copy of the network
 * (configuration JSON and parameters as plain floats), never the driver's live parameter array:
 * Spark 3.5 closes a broadcast value that is closeable when the broadcast is cleaned up, and an
 * ND4J array closed that way breaks the driver's network (dl4j-spark's own
 * {@code calculateScoreMultiDataSet} does this). Close the scorer once its results are consumed.
 */
final class NetworkScorer implements AutoCloseable {
  /** One prediction per row. */
  static final StructType SCHEMA =
      new StructType()
          .add("model_id", DataTypes.StringType, false)
          .add("sample_index", DataTypes.IntegerType, false)
          .add("split", DataTypes.StringType, false)
          .add("target", DataTypes.DoubleType, false)
          .add("prediction", DataTypes.DoubleType, false);

  private final SparkSession spark;
  private final Broadcast<NetworkCopy> copy;
  private final MetaBatches batches;
  private final int batchSize;

  /** A network as configuration JSON and parameters, rebuilt on the executors. */
  record NetworkCopy(String json, float[] params) implements Serializable {
    ComputationGraph restore() {
      ComputationGraph network =
          new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
      network.init(Nd4j.create(params, new long[] {1, params.length}, 'c'), false);
      return network;
    }
  }

  NetworkScorer(SparkSession spark, ComputationGraph network, MetaBatches batches, int batchSize) {
    this.spark = spark;
    this.batches = batches;
    this.batchSize = batchSize;
    NetworkCopy snapshot =
        new NetworkCopy(network.getConfiguration().toJson(), network.params().toFloatVector());
    this.copy = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(snapshot);
  }

  /** Predictions for {@code rows} (columns of the feature table), computed when consumed. */
  Dataset<Row> predict(Dataset<Row> rows) {
    Broadcast<NetworkCopy> network = copy;
    MetaBatches cut = batches;
    int size = batchSize;
    return spark.createDataFrame(
        rows.javaRDD().mapPartitions(part -> score(network.value().restore(), cut, part, size)),
        SCHEMA);
  }

  /** Mean loss of the network's predictions per split of {@code rows}: MSE or cross-entropy. */
  Map<String, Double> losses(Dataset<Row> rows, MetaTask task) {
    Column loss = task.loss(col("prediction"), col("target"));
    Map<String, Double> losses = new HashMap<>();
    for (Row row : predict(rows).groupBy("split").agg(avg(loss)).collectAsList()) {
      losses.put(row.getString(0), row.getDouble(1));
    }
    return losses;
  }

  private static Iterator<Row> score(
      ComputationGraph network, MetaBatches batches, Iterator<Row> rows, int batchSize) {
    List<Row> out = new ArrayList<>();
    List<Row> chunk = new ArrayList<>(batchSize);
    List<MetaBatches.Example> examples = new ArrayList<>(batchSize);
    while (rows.hasNext()) {
      Row row = rows.next();
      chunk.add(row);
      examples.add(batches.example(row));
      if (chunk.size() == batchSize || !rows.hasNext()) {
        INDArray predicted = network.output(false, batches.inputs(examples))[0];
        for (int i = 0; i < chunk.size(); i++) {
          Row r = chunk.get(i);
          out.add(
              RowFactory.create(
                  r.getAs("model_id"), r.getAs("sample_index"), r.getAs("split"),
                  batches.target(r), predicted.getDouble(i, 0)));
        }
        chunk.clear();
        examples.clear();
      }
    }
    return out.iterator();
  }

  @Override
  public void close() {
    copy.destroy();
  }
}
