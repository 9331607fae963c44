package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weights and biases of a LeNet-5, layer by layer ({@link #LAYERS}), each as one flat float
 * array in DL4J's own layout: convolution {@code W} as {@code [out][in][ky][kx]}, dense {@code W}
 * as {@code [in][out]}, both row-major. It is the form in which a network's parameters are
 * perturbed (weight noise) and handed to a {@link ReweightablePredictor}, without a DL4J network
 * per perturbed copy. The arrays are shared, not copied: treat them as read-only.
 *
 * @param weights one array per layer of {@link #LAYERS}
 * @param biases one array per layer of {@link #LAYERS}
 */
public record LeNetParams(List<float[]> weights, List<float[]> biases) {
  /** The layers with parameters, in order; the pooling layers have none. */
  public static final List<String> LAYERS = List.of("conv1", "conv2", "fc1", "fc2", "logits");

  public LeNetParams {
    weights = List.copyOf(weights);
    biases = List.copyOf(biases);
    if (weights.size() != LAYERS.size() || biases.size() != LAYERS.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot use %d weight and %d bias arrays for LeNet-5: it has %d weighted layers",
              weights.size(), biases.size(), LAYERS.size()));
    }
  }

  /** Copies the parameters out of a trained (or initialised) DL4J LeNet-5. */
  public static LeNetParams of(MultiLayerNetwork network) {
    return new LeNetParams(
        LAYERS.stream().map(layer -> param(network, layer, "W").dup('c').data().asFloat()).toList(),
        LAYERS.stream()
            .map(layer -> param(network, layer, "b").dup('c').data().asFloat())
            .toList());
  }

  /** Writes these parameters into {@code network} (a LeNet-5 of the same shape), in place. */
  public void copyInto(MultiLayerNetwork network) {
    for (int layer = 0; layer < LAYERS.size(); layer++) {
      assign(param(network, LAYERS.get(layer), "W"), weights.get(layer));
      assign(param(network, LAYERS.get(layer), "b"), biases.get(layer));
    }
  }

  private static void assign(INDArray target, float[] values) {
    target.assign(Nd4j.create(values, target.shape(), 'c'));
  }

  private static INDArray param(MultiLayerNetwork network, String layer, String key) {
    return network.getLayer(LeNet5.LAYERS.indexOf(layer)).getParam(key);
  }
}
