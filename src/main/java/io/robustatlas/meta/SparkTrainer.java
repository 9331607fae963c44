package io.robustatlas.meta;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.random.Seeds;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Fits with dl4j-spark's parameter averaging: the training rows become minibatch {@code
 * MultiDataSet}s on the executors (one partition per worker, examples in an order drawn from the
 * seed, so every minibatch mixes models), each worker fits its share, and the driver averages the
 * parameters and Adam's state every {@code meta.averaging-frequency} minibatches. Training data
 * reach the workers directly from the cached RDD ({@link RDDTrainingApproach#Direct}): the default
 * approach exports every minibatch to files under the Hadoop temp folder and leaves them there.
 */
final class SparkTrainer implements EpochTrainer {
  private static final long ORDER_DOMAIN = Seeds.tag("meta-spark-order");
  /** dl4j-spark's driver-side generator: which minibatches each averaging round takes. */
  private static final long SPLITS_DOMAIN = Seeds.tag("meta-spark-splits");
  private static final String ORDER_UDF = "meta_order";

  private final JavaSparkContext jsc;
  private final JavaRDD<MultiDataSet> data;
  private final ParameterAveragingTrainingMaster master;
  private SparkComputationGraph fitting;

  SparkTrainer(
      SparkSession spark, Dataset<Row> train, MetaBatches batches, MetaConfig meta, long seed) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = jsc.defaultParallelism();
    int batchSize = meta.batchSize();
    spark.udf().register(ORDER_UDF, (UDF3<Long, String, Integer, Long>) SparkTrainer::orderKey,
        DataTypes.LongType);
    this.data =
        train
            .withColumn("order", call_udf(ORDER_UDF, lit(seed), col("model_id"), col("sample_index")))
            .repartition(workers, col("order"))
            .sortWithinPartitions("order")
            .javaRDD()
            .mapPartitions(rows -> batches.batches(rows, batchSize))
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    this.master =
        new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
            .batchSizePerWorker(batchSize)
            .averagingFrequency(meta.averagingFrequency())
            .workerPrefetchNumBatches(0)
            .saveUpdater(true)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .storageLevel(null)
            .rngSeed(Seeds.derive(SPLITS_DOMAIN, seed))
            .build();
  }

  /** Where a pair sorts in the training order of a seed. */
  static long orderKey(long seed, String modelId, int sampleIndex) {
    return Seeds.derive(ORDER_DOMAIN, seed, Seeds.hash(modelId), sampleIndex);
  }

  @Override
  public void fitEpoch(ComputationGraph network, int epoch) {
    if (fitting == null || fitting.getNetwork() != network) {
      fitting = new SparkComputationGraph(jsc, network, master);
    }
    fitting.fitMultiDataSet(data);
  }

  @Override
  public void close() {
    data.unpersist(false);
  }
}
