package io.robustatlas.engine;

import io.robustatlas.model.LeNetParameters;

/**
 * A {@link BatchPredictor} whose network parameters can be replaced between calls, keeping its
 * threads and buffers. Weight noise makes hundreds of perturbed copies of one model, each of which
 * predicts a batch of images: building a predictor (and its thread pool) per copy would cost more
 * than the predictions. Like every predictor, it is used by one thread at a time.
 */
public interface ReweightablePredictor extends BatchPredictor {

  /** Predicts with {@code params} from the next call on; they must have LeNet-5's shapes. */
  void load(LeNetParameters params);
}
