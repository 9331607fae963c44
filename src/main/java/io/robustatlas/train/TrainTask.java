package io.robustatlas.train;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.Dl4jEngine;
import io.robustatlas.engine.Engine;
import io.robustatlas.engine.Predictions;
import io.robustatlas.engine.TrainOutcome;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.ModelRecord;
import io.robustatlas.model.ModelStore;
import io.robustatlas.spark.HadoopConf;
import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The work of one Spark task: train one spec, evaluate it on the test set, commit its zip and
 * record. Everything it uses is serializable; the data arrive as broadcasts, read once per
 * executor.
 */
final class TrainTask implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Broadcast<LabeledImages> trainData;
  private final Broadcast<LabeledImages> testData;
  private final ModelStore store;
  private final HadoopConf hadoopConf;

  TrainTask(
      Broadcast<LabeledImages> trainData,
      Broadcast<LabeledImages> testData,
      ModelStore store,
      HadoopConf hadoopConf) {
    this.trainData = trainData;
    this.testData = testData;
    this.store = store;
    this.hadoopConf = hadoopConf;
  }

  ModelRecord run(TrainSpec spec) throws IOException {
    int threads = TaskContext.get() == null ? 1 : TaskContext.get().cpus();
    long start = System.nanoTime();
    Engine engine = new Dl4jEngine();
    TrainOutcome outcome = engine.train(spec, trainData.value(), threads);
    double accuracy =
        outcome.diverged()
            ? Double.NaN
            : Predictions.accuracy(engine.predictor(outcome.network(), threads), testData.value());
    double seconds = (System.nanoTime() - start) / 1e9;
    String path = outcome.diverged() ? null : store.zipPath(spec.modelId());
    ModelRecord record =
        ModelRecord.of(spec, accuracy, outcome.epochLoss(), seconds, outcome.diverged(), path);
    store.commit(record, outcome.network(), hadoopConf.get());
    return record;
  }
}
