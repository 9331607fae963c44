package io.robustatlas.train;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.LaneStepper;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.InitialWeights;

/**
 * The fast trainer: the study's semantics ({@link Trainer}) on the lane engines ({@link
 * LaneStepper}, SIMD or plain Java), about ten times DL4J's speed per core. Same initial
 * parameters, batches and rules as {@link Dl4jTrainer}; the results differ only by float rounding.
 */
final class LaneTrainer implements Trainer {
  private final EngineKind kind;

  /** @param kind vector, scalar or auto ({@link io.robustatlas.engine.Engines#resolve}) */
  LaneTrainer(EngineKind kind) {
    this.kind = kind;
  }

  @Override
  public TrainOutcome train(TrainSpec spec, LabeledImages data, int threads) {
    LaneStepper stepper =
        LaneStepper.create(kind, spec, InitialWeights.draw(spec.init(), spec.seed()), threads);
    Epochs.Losses losses =
        Epochs.run(
            spec, data.count(), (order, start, size) -> stepper.step(data, order, start, size));
    return TrainOutcome.of(spec, stepper.parameters(), losses);
  }
}
