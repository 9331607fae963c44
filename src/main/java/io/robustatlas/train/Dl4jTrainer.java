package io.robustatlas.train;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.Nd4jThreads;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.InitialWeights;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The reference trainer: DL4J's {@link MultiLayerNetwork} with the study's semantics ({@link
 * Trainer}). Adam is {@link TorchAdam}; SGD is DL4J's {@code Sgd}, which is PyTorch's SGD without
 * momentum. DL4J averages the gradient over the minibatch, then adds {@code l2·p} to every
 * parameter's gradient ({@code l2} and {@code l2Bias}), then applies the rule: PyTorch's order.
 * DL4J's score adds ½·l2·‖p‖² to the loss; the loss recorded here subtracts it (computed before
 * the step, on the parameters the score saw), so a batch's loss is its mean cross-entropy alone.
 * Dropout, if the spec's architecture has it, is {@link SeededDropout}: reproducible masks.
 */
public final class Dl4jTrainer implements Trainer {

  @Override
  public TrainOutcome train(TrainSpec spec, LabeledImages data, int threads) {
    Nd4jThreads.limit(threads);
    LeNetParameters initial = InitialWeights.draw(spec.init(), spec.seed());
    MultiLayerNetwork network =
        LeNet5.create(
            LeNet5.configuration(
                spec,
                updater(spec),
                layer -> new SeededDropout(spec.architecture().dropout(), spec.seed(), layer)),
            initial);
    Epochs.Losses losses =
        Epochs.run(
            spec,
            data.count(),
            (order, start, size) ->
                step(network, batch(data, order, start, size), labels(data, order, start, size)));
    return TrainOutcome.of(spec, LeNetParameters.of(network), losses);
  }

  /** The study's update rule as a DL4J updater. */
  static IUpdater updater(TrainSpec spec) {
    return spec.optimizer() == Optimizer.SGD
        ? new Sgd(spec.learningRate())
        : new TorchAdam(spec.learningRate());
  }

  /** One minibatch step; returns the batch's mean cross-entropy before the step. */
  static double step(MultiLayerNetwork network, INDArray features, INDArray labels) {
    double weightDecayTerm = network.calcRegularizationScore(true);
    network.fit(features, labels);
    return network.score() - weightDecayTerm;
  }

  static INDArray batch(LabeledImages data, int[] order, int start, int size) {
    int inputSize = data.imageSize();
    float[] features = new float[size * inputSize];
    for (int i = 0; i < size; i++) {
      data.copyImage(order[start + i], features, i * inputSize);
    }
    return Nd4j.create(features, new long[] {size, inputSize}, 'c');
  }

  static INDArray labels(LabeledImages data, int[] order, int start, int size) {
    float[] labels = new float[size * LabeledImages.CLASSES];
    for (int i = 0; i < size; i++) {
      labels[i * LabeledImages.CLASSES + data.label(order[start + i])] = 1f;
    }
    return Nd4j.create(labels, new long[] {size, LabeledImages.CLASSES}, 'c');
  }
}
