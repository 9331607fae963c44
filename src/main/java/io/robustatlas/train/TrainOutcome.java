package io.robustatlas.train;

import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What training one spec produced.
 *
 * @param network the trained network (its state at the point of divergence if it diverged)
 * @param epochLoss mean minibatch loss of each completed epoch (the last is NaN/∞ if it diverged)
 * @param diverged whether the loss became NaN or infinite; training stops there
 */
public record TrainOutcome(MultiLayerNetwork network, double[] epochLoss, boolean diverged) {

  /**
   * The trained parameters in a network with the published configuration ({@link LeNet5}): what
   * every trainer hands on, so the model zips do not depend on the trainer.
   */
  static TrainOutcome of(TrainSpec spec, LeNetParameters trained, Epochs.Losses losses) {
    MultiLayerNetwork published = LeNet5.create(spec, LeNet5.updater(spec), trained);
    return new TrainOutcome(published, losses.epochLoss(), losses.diverged());
  }
}
