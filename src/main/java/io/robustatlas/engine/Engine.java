package io.robustatlas.engine;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.TrainSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Trains a spec and predicts batches: the two places the pipeline spends its CPU time. */
public interface Engine {

  /** Trains one LeNet-5 variant on {@code data} with {@code threads} compute threads. */
  TrainOutcome train(TrainSpec spec, LabeledImages data, int threads);

  /** A predictor for a trained network, using {@code threads} compute threads. */
  BatchPredictor predictor(MultiLayerNetwork network, int threads);
}
