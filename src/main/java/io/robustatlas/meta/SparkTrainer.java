package io.robustatlas.meta;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.random.Seeds;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import scala.Tuple2;

/**
 * Fits with dl4j-spark's parameter averaging: the training rows become minibatch {@code
 * MultiDataSet}s on the executors (examples in an order drawn from the seed, so every minibatch
 * mixes models), and every round each of W workers fits one minibatch of batch-size / W examples
 * on a copy of the network; {@link DriverStepMaster} then averages the copies and takes the
 * optimiser's step on the driver. A round is so the local trainer's step on the same number of
 * examples. Training data reach the workers directly from the cached RDD ({@link
 * RDDTrainingApproach#Direct}): the default approach exports every minibatch to files under the
 * Hadoop temp folder and leaves them there.
 */
final class SparkTrainer implements EpochTrainer {
  private static final long ORDER_DOMAIN = Seeds.tag("meta-spark-order");
  /** dl4j-spark's driver-side generator: which minibatches each averaging round takes. */
  private static final long SPLITS_DOMAIN = Seeds.tag("meta-spark-splits");
  private static final String ORDER_UDF = "meta_order";
  private static final String ORDER = "order";

  private final JavaSparkContext jsc;
  private final JavaRDD<MultiDataSet> data;
  private final ParameterAveragingTrainingMaster.Builder averaging;
  private final IUpdater optimiser;
  /** The workers' copy: the network's layout with plain SGD ({@link DriverStepMaster}). */
  private final ComputationGraph worker;
  private ComputationGraph fitted;
  private SparkComputationGraph fitting;

  SparkTrainer(
      SparkSession spark, Dataset<Row> train, MetaBatches batches, MetaConfig meta, MetaArch arch,
      MetaTask task, long seed) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.optimiser = MetaNetworks.updater(meta);
    this.worker =
        new ComputationGraph(
            MetaNetworks.configuration(meta, arch, task, new Sgd(DriverStepMaster.GRADIENT_SCALE)));
    worker.init();
    int workers = jsc.defaultParallelism();
    int batchSize = perWorker(meta.batchSize(), workers);
    spark.udf().register(ORDER_UDF, (UDF3<Long, String, Integer, Long>) SparkTrainer::orderKey,
        DataTypes.LongType);
    Dataset<Row> ordered =
        train.withColumn(
            ORDER, call_udf(ORDER_UDF, lit(seed), col("model_id"), col("sample_index")));
    this.data =
        minibatches(ordered, batches, batchSize, workers)
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    this.averaging =
        new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
            .batchSizePerWorker(batchSize)
            .averagingFrequency(1)
            .workerPrefetchNumBatches(0)
            .saveUpdater(false)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .repartionData(Repartition.NumPartitionsWorkersDiffers)
            .storageLevel(null)
            .rngSeed(Seeds.derive(SPLITS_DOMAIN, seed));
  }

  /**
   * The rows in their seeded order, cut into minibatches of exactly {@code size} examples (the
   * last may hold fewer), so that every averaging round fits the same number of examples; minibatch
   * k lives in partition k mod {@code workers}, in order, so dl4j-spark's split of each epoch into
   * rounds takes one minibatch from every partition and needs no shuffle to balance the workers.
   */
  private static JavaRDD<MultiDataSet> minibatches(
      Dataset<Row> ordered, MetaBatches batches, int size, int workers) {
    return ordered
        .orderBy(ORDER)
        .javaRDD()
        .zipWithIndex()
        .mapToPair(indexed -> new Tuple2<>(indexed._2(), indexed._1()))
        .repartitionAndSortWithinPartitions(new MinibatchPartitioner(size, workers))
        .mapPartitions(rows -> batches.consecutive(rows, size));
  }

  /** Sends row i to the partition of its minibatch, (i / size) mod partitions. */
  private static final class MinibatchPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int size;
    private final int partitions;

    MinibatchPartitioner(int size, int partitions) {
      this.size = size;
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object rowIndex) {
      return (int) ((Long) rowIndex / size % partitions);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MinibatchPartitioner that
          && that.size == size
          && that.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return 31 * size + partitions;
    }
  }

  /** Each worker's share of a step's minibatch, at least one example. */
  static int perWorker(int batchSize, int workers) {
    return Math.max(1, (batchSize + workers - 1) / workers);
  }

  /** Where a pair sorts in the training order of a seed. */
  static long orderKey(long seed, String modelId, int sampleIndex) {
    return Seeds.derive(ORDER_DOMAIN, seed, Seeds.hash(modelId), sampleIndex);
  }

  @Override
  public void fitEpoch(ComputationGraph network, int epoch) {
    if (fitted != network) {
      fitted = network;
      fitting = new SparkComputationGraph(jsc, worker, new DriverStepMaster(averaging, network, optimiser));
    }
    worker.setParams(network.params());
    fitting.fitMultiDataSet(data);
  }

  @Override
  public void close() {
    data.unpersist(false);
  }
}
