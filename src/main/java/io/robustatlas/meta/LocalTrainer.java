package io.robustatlas.meta;

import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Fits on the driver: the training split is read once into memory (in pair order), and every epoch
 * visits it in an order drawn from (seed, epoch). For small data and tests.
 */
final class LocalTrainer implements EpochTrainer {
  private static final long ORDER_DOMAIN = Seeds.tag("meta-local-order");

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
    int[] order = shuffled(examples.size(), Seeds.stream(Seeds.derive(ORDER_DOMAIN, seed, epoch)));
    for (int start = 0; start < order.length; start += batchSize) {
      List<MetaBatches.Example> batch = new ArrayList<>(batchSize);
      for (int i = start; i < Math.min(order.length, start + batchSize); i++) {
        batch.add(examples.get(order[i]));
      }
      network.fit(batches.batch(batch));
    }
  }

  /** 0..n-1 in a Fisher-Yates order. */
  private static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  @Override
  public void close() {
    examples.clear();
  }
}
