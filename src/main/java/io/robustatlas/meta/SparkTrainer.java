package io.robustatlas.meta;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
 * Fits with dl4j-spark's parameter averaging. The training rows become {@link MetaBatches.Example}s
 * on the executors, numbered in pair order and cached; every epoch they are cut into minibatches of
 * batch-size / W examples from the epoch's {@link MinibatchOrder}, the order the local trainer
 * visits, so they are the W slices of each of its steps, new every epoch (dl4j-spark's seeded split
 * decides which slices share a round). Every round each of the W workers fits one on a copy of the
 * network; {@link DriverStepMaster} then averages the copies and takes the optimiser's step on the
 * driver: a round is the local trainer's step on the same number of examples. Training data reach
 * the workers directly from the cached RDD ({@link RDDTrainingApproach#Direct}): the default approach
 * exports every minibatch to files under the Hadoop temp folder and leaves them there.
 */
final class SparkTrainer implements EpochTrainer {
  /** dl4j-spark's driver-side generator: which minibatches each averaging round takes. */
  private static final long SPLITS_DOMAIN = Seeds.tag("meta-spark-splits");

  private final JavaSparkContext jsc;
  /** The training examples, numbered in pair order (model_id, sample_index). */
  private final JavaPairRDD<Long, MetaBatches.Example> examples;
  private final int count;
  private final MetaBatches batches;
  private final int workers;
  private final int batchSize;
  private final long seed;
  private final ParameterAveragingTrainingMaster.Builder averaging;
  private final IUpdater optimiser;
  /** The workers' copy: the network's layout with plain SGD ({@link DriverStepMaster}). */
  private final ComputationGraph worker;
  private ComputationGraph fitted;
  private SparkComputationGraph fitting;
  private JavaRDD<MultiDataSet> epochData;

  SparkTrainer(
      SparkSession spark, Dataset<Row> train, MetaBatches batches, MetaConfig meta, MetaArch arch,
      MetaTask task, long seed) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.batches = batches;
    this.workers = jsc.defaultParallelism();
    this.batchSize = perWorker(meta.batchSize(), workers);
    this.seed = seed;
    this.examples = numbered(train, batches).persist(StorageLevel.MEMORY_AND_DISK_SER());
    this.count = Math.toIntExact(examples.count());
    this.optimiser = MetaNetworks.updater(meta);
    this.worker =
        new ComputationGraph(
            MetaNetworks.configuration(meta, arch, task, new Sgd(DriverStepMaster.GRADIENT_SCALE)));
    worker.init();
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

  /** The rows as examples, numbered in the local trainer's order. */
  private static JavaPairRDD<Long, MetaBatches.Example> numbered(
      Dataset<Row> train, MetaBatches batches) {
    return train
        .orderBy("model_id", "sample_index")
        .javaRDD()
        .zipWithIndex()
        .mapToPair(indexed -> new Tuple2<>(indexed._2(), batches.example(indexed._1())));
  }

  /**
   * An epoch's minibatches: example i goes to its position in the epoch's order, and the positions
   * are cut into minibatches of exactly {@code batchSize} examples (the last may hold fewer), so
   * that every averaging round fits the same number of examples; minibatch k lives in partition k
   * mod {@code workers}, in order, so dl4j-spark's split of the epoch into rounds takes one
   * minibatch from every partition and needs no shuffle to balance the workers.
   */
  JavaRDD<MultiDataSet> minibatches(int epoch) {
    int total = count;
    long networkSeed = seed;
    int size = batchSize;
    MetaBatches cutter = batches;
    return examples
        .mapPartitionsToPair(
            numberedExamples -> {
              int[] positions = MinibatchOrder.positions(total, networkSeed, epoch);
              List<Tuple2<Long, MetaBatches.Example>> placed = new ArrayList<>();
              numberedExamples.forEachRemaining(
                  e -> placed.add(new Tuple2<>((long) positions[Math.toIntExact(e._1())], e._2())));
              return placed.iterator();
            })
        .repartitionAndSortWithinPartitions(new MinibatchPartitioner(size, workers))
        .mapPartitions(positioned -> cutter.consecutive(positioned, size));
  }

  /** Sends position i to the partition of its minibatch, (i / size) mod partitions. */
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
    public int getPartition(Object position) {
      return (int) ((Long) position / size % partitions);
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

  @Override
  public void fitEpoch(ComputationGraph network, int epoch) {
    if (fitted != network) {
      fitted = network;
      fitting =
          new SparkComputationGraph(jsc, worker, new DriverStepMaster(averaging, network, optimiser));
    }
    worker.setParams(network.params());
    JavaRDD<MultiDataSet> previous = epochData;
    epochData = minibatches(epoch).persist(StorageLevel.MEMORY_AND_DISK_SER());
    if (previous != null) {
      previous.unpersist(false);
    }
    fitting.fitMultiDataSet(epochData);
  }

  @Override
  public void close() {
    if (epochData != null) {
      epochData.unpersist(false);
    }
    examples.unpersist(false);
  }
}
