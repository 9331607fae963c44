package io.robustatlas.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What training one spec produced.
 *
 * @param network the trained network (its state at the point of divergence if it diverged)
 * @param epochLoss mean minibatch loss of each completed epoch (the last is NaN/∞ if it diverged)
 * @param diverged whether the loss became NaN or infinite; training stops there
 */
public record TrainOutcome(MultiLayerNetwork network, double[] epochLoss, boolean diverged) {}
