package io.robustatlas.meta;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Fits on the driver: the training split is read once into memory (in pair order), and every epoch
 * visits it in the {@link MinibatchOrder} of (seed, epoch). For small data and tests.
 */
final class LocalTrainer implements EpochTrainer {
  private final List<MetaBatches.Example> examples = new ArrayList<>();
  private final MetaBatches batches;
  private final int batchSize;
  private final long seed;

  LocalTrainer(Dataset<Row> train, MetaBatches batches, int batchSize, long seed) {
    this.batches = batches;
    this.batchSize = batchSize;
    this.seed = seed;
    for (Row row : train.orderBy("model_id", "sample_index").collectAsList()) {
      examples.add(batches.example(row));
    }
  }

  @Override
  public void fitEpoch(ComputationGraph network, int epoch) {
    int[] order = MinibatchOrder.order(examples.size(), seed, epoch);
    for (int start = 0; start < order.length; start += batchSize) {
      List<MetaBatches.Example> batch = new ArrayList<>(batchSize);
      for (int i = start; i < Math.min(order.length, start + batchSize); i++) {
        batch.add(examples.get(order[i]));
      }
      network.fit(batches.batch(batch));
    }
  }

  @Override
  public void close() {
    examples.clear();
  }
}
