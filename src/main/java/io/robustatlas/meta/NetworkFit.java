package io.robustatlas.meta;

import static org.apache.spark.sql.functions.col;

import io.robustatlas.config.MetaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits one meta-network with early stopping: after every epoch the training and validation losses
 * are measured on the executors over the whole of both splits, and the parameters of the epoch with
 * the lowest validation loss are kept.
 *
 * @param network the best epoch's network
 * @param trainLoss training-split loss after each epoch
 * @param validationLoss validation-split loss after each epoch
 * @param bestEpoch the kept epoch (1-based)
 */
record NetworkFit(
    ComputationGraph network, double[] trainLoss, double[] validationLoss, int bestEpoch) {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkFit.class);

  /** What fitted it: {@code local} or {@code spark} (which {@code auto} falls back to). */
  static String trainerName(MetaConfig meta) {
    return meta.trainer() == TrainerKind.LOCAL ? "local" : "spark";
  }

  static NetworkFit fit(
      SparkSession spark, Dataset<Row> table, MetaConfig meta, MetaArch arch, MetaTask task,
      long seed, String name) {
    ComputationGraph network = MetaNetworks.create(meta, arch, task, seed);
    MetaBatches batches = new MetaBatches(widths(meta), task.target());
    Dataset<Row> fitSplits = table.where(col("split").isin(Split.TRAIN.toString(), Split.VALIDATION.toString()));
    EarlyStopping stopping = new EarlyStopping(meta.patience());
    List<Double> trainLoss = new ArrayList<>();
    List<Double> validationLoss = new ArrayList<>();
    INDArray best = null;
    try (EpochTrainer trainer = trainer(spark, table, batches, meta, arch, task, seed)) {
      for (int epoch = 1; epoch <= meta.epochs() && !stopping.exhausted(); epoch++) {
        long start = System.nanoTime();
        trainer.fitEpoch(network, epoch);
        long fitted = System.nanoTime();
        Map<String, Double> losses;
        try (NetworkScorer scorer = new NetworkScorer(spark, network, batches, meta.batchSize())) {
          losses = scorer.losses(fitSplits, task);
        }
        double train = losses.getOrDefault(Split.TRAIN.toString(), Double.NaN);
        double validation = losses.getOrDefault(Split.VALIDATION.toString(), Double.NaN);
        trainLoss.add(train);
        validationLoss.add(validation);
        if (stopping.observe(epoch, validation)) {
          best = network.params().dup();
        }
        LOG.info(
            "meta: {} epoch {}/{}: train loss {}, validation loss {} (best epoch {});"
                + " fit {} s, losses {} s",
            name, epoch, meta.epochs(), String.format("%.5f", train), String.format("%.5f", validation),
            stopping.bestEpoch(), String.format("%.2f", (fitted - start) / 1e9),
            String.format("%.2f", (System.nanoTime() - fitted) / 1e9));
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "the validation loss was never finite: the network diverged (try a lower meta.learning-rate)");
    }
    network.setParams(best);
    return new NetworkFit(network, unboxed(trainLoss), unboxed(validationLoss), stopping.bestEpoch());
  }

  /** Widths of the activation vectors, in input order. */
  static int[] widths(MetaConfig meta) {
    return meta.inputs().stream().mapToInt(MetaInput::size).toArray();
  }

  private static EpochTrainer trainer(
      SparkSession spark, Dataset<Row> table, MetaBatches batches, MetaConfig meta, MetaArch arch,
      MetaTask task, long seed) {
    Dataset<Row> train = FeatureTable.of(table, Split.TRAIN);
    return meta.trainer() == TrainerKind.LOCAL
        ? new LocalTrainer(train, batches, meta.batchSize(), seed)
        : new SparkTrainer(spark, train, batches, meta, arch, task, seed);
  }

  private static double[] unboxed(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
