package io.robustatlas.train;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.Predictions;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.ModelRecord;
import io.robustatlas.model.ModelStore;
import io.robustatlas.spark.HadoopConf;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one Spark task: train one spec, evaluate it on the test set, commit its zip and
 * record. Everything it uses is serializable; the data arrive as broadcasts, read once per
 * executor.
 */
final class TrainTask implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainTask.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Broadcast<LabeledImages> trainData;
  private final Broadcast<LabeledImages> testData;
  private final ModelStore store;
  private final HadoopConf hadoopConf;
  private final EngineKind engine;

  /** @param engine {@code train.engine}; auto is resolved on the executor, for its JVM */
  TrainTask(
      Broadcast<LabeledImages> trainData,
      Broadcast<LabeledImages> testData,
      ModelStore store,
      HadoopConf hadoopConf,
      EngineKind engine) {
    this.trainData = trainData;
    this.testData = testData;
    this.store = store;
    this.hadoopConf = hadoopConf;
    this.engine = engine;
  }

  ModelRecord run(TrainSpec spec) throws IOException {
    int threads = TaskContext.get() == null ? 1 : TaskContext.get().cpus();
    EngineKind kind = Trainer.engineFor(engine, spec.architecture());
    LOG.info(
        "train: model {} started on engine {} with {} thread(s)", spec.modelId(), kind, threads);
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    TrainOutcome outcome = Trainer.of(kind).train(spec, trainData.value(), threads);
    // The test set through the same engine's kernels: the lane engines are the fast ones.
    double accuracy =
        outcome.diverged()
            ? Double.NaN
            : Predictions.accuracy(
                Engines.trainerPredictor(kind, outcome.network(), threads), testData.value());
    double seconds = (System.nanoTime() - start) / 1e9;
    String path = outcome.diverged() ? null : ModelStore.relativeZipPath(spec.modelId());
    ModelRecord record =
        ModelRecord.of(spec, accuracy, outcome.epochLoss(), seconds, outcome.diverged(), path);
    store.commit(record, outcome.network(), hadoopConf.get());
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    logCoreShare(spec, kind, threads, seconds, cpu);
    return record;
  }

  /**
   * With one thread all compute runs on the task's own thread, so its CPU time over wall time
   * measures whether the task had its core to itself: near 100% means no oversubscription.
   */
  private static void logCoreShare(
      TrainSpec spec, EngineKind kind, int threads, double seconds, double cpu) {
    LOG.info(
        "train: model {} done in {} s on engine {} with {} thread(s); the task thread was on a"
            + " core {}% of the time",
        spec.modelId(),
        String.format("%.1f", seconds),
        kind,
        threads,
        Math.round(100 * cpu / seconds));
  }
}
