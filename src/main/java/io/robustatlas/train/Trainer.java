package io.robustatlas.train;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.grid.TrainSpec;

/**
 * Trains one LeNet-5 variant with the study's semantics: initial parameters from {@link
 * io.robustatlas.model.InitialWeights}, each epoch in the order {@link EpochOrder} draws, minibatches
 * of {@code batchSize} with the last partial batch kept (as PyTorch's {@code DataLoader}), the mean
 * cross-entropy of a batch as its loss, weight decay as PyTorch's {@code weight_decay}, SGD without
 * momentum or PyTorch's Adam. Training stops at the first batch whose loss is NaN or infinite.
 */
public interface Trainer {

  /** Trains {@code spec} on {@code data} with {@code threads} compute threads. */
  TrainOutcome train(TrainSpec spec, LabeledImages data, int threads);

  /**
   * The trainer of engine {@code kind} ({@code train.engine}): DL4J's reference or the lane
   * trainer, {@link EngineKind#AUTO} resolved for this JVM.
   *
   * @throws IllegalStateException if {@code kind} is vector and this JVM cannot run it
   */
  static Trainer of(EngineKind kind) {
    EngineKind resolved = Engines.resolve(kind);
    return resolved == EngineKind.DL4J ? new Dl4jTrainer() : new LaneTrainer(resolved);
  }
}
