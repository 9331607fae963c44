package io.robustatlas.meta;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.meta.engine.Examples;
import io.robustatlas.meta.engine.Kernels;
import io.robustatlas.meta.engine.MetaNet;
import io.robustatlas.meta.engine.NetTrainer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits one network cell on the engine, inside one Spark task: the local trainer's protocol
 * (epochs in the {@link MinibatchOrder} of (seed, epoch) over the training rows in pair order, the
 * training and validation losses after every epoch, {@link EarlyStopping} on the validation loss,
 * the best epoch's parameters kept), then the test split scored. A failure is returned, not
 * thrown, so one diverging network does not fail the others' Spark job.
 */
final class EngineFit {
  private static final Logger LOG = LoggerFactory.getLogger(EngineFit.class);

  private EngineFit() {}

  /**
   * What a task returns for its cell.
   *
   * @param params the best epoch's parameters (null if it failed)
   * @param testPredictions the network's output per test row, in pair order
   * @param failure why it failed, one line, or null
   */
  record Outcome(
      Cell cell, float[] params, double[] trainLoss, double[] validationLoss, int bestEpoch,
      float[] testPredictions, double seconds, String failure)
      implements Serializable {}

  /** The three splits of a protocol, in pair order. */
  record Splits(SplitRows train, SplitRows validation, SplitRows test) implements Serializable {}

  static Outcome fit(Cell cell, MetaConfig meta, Splits splits, int threads) {
    long start = System.nanoTime();
    try {
      return fitted(cell, meta, splits, threads, start);
    } catch (RuntimeException e) {
      LOG.error("meta: {} failed on the engine", cell.id(), e);
      String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      reason = reason.replaceAll("\\s*\\R\\s*", " ");
      return new Outcome(cell, null, null, null, 0, null, seconds(start), reason);
    }
  }

  private static Outcome fitted(
      Cell cell, MetaConfig meta, Splits splits, int threads, long start) {
    MetaArch arch = MetaArch.valueOf(cell.model().toUpperCase(Locale.ROOT));
    MetaTask task = cell.task();
    MetaNet net = EngineNets.create(meta, arch, task, cell.seed());
    Examples train = splits.train().examples(task);
    Examples validation = splits.validation().examples(task);
    EarlyStopping stopping = new EarlyStopping(meta.patience());
    double[] trainLoss = new double[meta.epochs()];
    double[] validationLoss = new double[meta.epochs()];
    float[] best = null;
    int epochs = 0;
    try (NetTrainer trainer =
        new NetTrainer(net, Kernels.best(), meta.learningRate(), meta.batchSize(), threads)) {
      for (int epoch = 1; epoch <= meta.epochs() && !stopping.exhausted(); epoch++) {
        long epochStart = System.nanoTime();
        trainer.fitEpoch(train, MinibatchOrder.order(train.count(), cell.seed(), epoch));
        trainLoss[epoch - 1] = trainer.meanLoss(train);
        validationLoss[epoch - 1] = trainer.meanLoss(validation);
        epochs = epoch;
        if (stopping.observe(epoch, validationLoss[epoch - 1])) {
          best = net.params().clone();
        }
        LOG.info("meta: {} epoch {}/{}: train loss {}, validation loss {} (best epoch {}); {} s",
            cell.id(), epoch, meta.epochs(), String.format("%.5f", trainLoss[epoch - 1]),
            String.format("%.5f", validationLoss[epoch - 1]), stopping.bestEpoch(),
            String.format("%.2f", (System.nanoTime() - epochStart) / 1e9));
      }
      if (best == null) {
        throw new IllegalStateException(
            "the validation loss was never finite: the network diverged"
                + " (try a lower meta.learning-rate)");
      }
      System.arraycopy(best, 0, net.params(), 0, best.length);
      net.refreshTransposed();
      float[] test = trainer.predict(splits.test().examples(task));
      return new Outcome(cell, best, Arrays.copyOf(trainLoss, epochs),
          Arrays.copyOf(validationLoss, epochs), stopping.bestEpoch(), test, seconds(start), null);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
