package io.robustatlas.train;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.LaneStepper;
import io.robustatlas.grid.Architecture;
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
   * The engine that trains {@code architecture} for {@code train.engine = kind}: {@link
   * EngineKind#AUTO} resolved for this JVM, and DL4J for the variants the lane trainer does not
   * have ({@link LaneStepper#trains}).
   *
   * @throws IllegalStateException if {@code kind} is vector and this JVM cannot run it
   * @throws IllegalArgumentException if {@code kind} names a lane engine that does not train
   *     {@code architecture} (the train stage's preflight refuses such a config)
   */
  static EngineKind engineFor(EngineKind kind, Architecture architecture) {
    EngineKind resolved = Engines.resolve(kind);
    if (resolved == EngineKind.DL4J || LaneStepper.trains(architecture)) {
      return resolved;
    }
    if (kind == EngineKind.AUTO) {
      return EngineKind.DL4J;
    }
    throw new IllegalArgumentException(
        "Cannot train " + architecture + " on engine " + kind + ": " + LaneStepper.TRAINS);
  }

  /**
   * The trainer of a resolved engine ({@link #engineFor}): DL4J's reference or the lane trainer.
   */
  static Trainer of(EngineKind resolved) {
    return resolved == EngineKind.DL4J ? new Dl4jTrainer() : new LaneTrainer(resolved);
  }
}
