package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J inference. DL4J's output layer applies softmax, so logits are computed from the fc2
 * activations and the output layer's weights: exact, where log(softmax) would lose small values.
 * {@link #load} writes new parameters into the network it was given, in place.
 */
final class Dl4jPredictor implements ReweightablePredictor {
  private static final int FC2_LAYER = LeNet5.LAYERS.indexOf("fc2");
  private static final int OUTPUT_LAYER = LeNet5.LAYERS.indexOf("logits");

  private final MultiLayerNetwork network;
  private final INDArray outputWeights;
  private final INDArray outputBias;

  Dl4jPredictor(MultiLayerNetwork network) {
    this.network = network;
    this.outputWeights = network.getLayer(OUTPUT_LAYER).getParam("W");
    this.outputBias = network.getLayer(OUTPUT_LAYER).getParam("b");
  }

  @Override
  public void load(LeNetParameters params) {
    params.copyInto(network);
  }

  @Override
  public void logits(float[] images, int count, float[] logits) {
    INDArray input =
        Nd4j.create(
            java.util.Arrays.copyOf(images, count * LeNet5.INPUT_SIZE),
            new long[] {count, LeNet5.INPUT_SIZE},
            'c');
    List<INDArray> activations = network.feedForwardToLayer(FC2_LAYER, input, false);
    INDArray fc2 = activations.get(activations.size() - 1);
    INDArray result = fc2.mmul(outputWeights).addiRowVector(outputBias);
    float[] values = result.dup('c').data().asFloat();
    System.arraycopy(values, 0, logits, 0, count * LeNet5.CLASSES);
  }
}
