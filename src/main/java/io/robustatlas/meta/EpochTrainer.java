package io.robustatlas.meta;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** Fits a network on the training split, one epoch per call; {@link #close()} frees its data. */
interface EpochTrainer extends AutoCloseable {
  /** One pass over the training split, updating {@code network} in place. */
  void fitEpoch(ComputationGraph network, int epoch);

  @Override
  void close();
}
