package io.robustatlas.model;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameters of one LeNet-5 as plain float arrays in DL4J's layouts, one weight and one bias
 * array per weighted layer ({@link LeNet5#WEIGHTED}, in order): convolution {@code W} as {@code
 * [out][in][ky][kx]}, dense {@code W} as {@code [in][out]}, both row-major. The common currency of
 * the engines and the trainers: any of them can read a DL4J network's parameters into it, or write
 * it into a network that {@code ModelSerializer} then saves.
 *
 * @param weights per weighted layer, its {@code W}
 * @param biases per weighted layer, its {@code b}
 */
public record LeNetParameters(List<float[]> weights, List<float[]> biases) {

  /** Checks the sizes against {@link LeNet5#WEIGHTED}. */
  public LeNetParameters {
    weights = List.copyOf(weights);
    biases = List.copyOf(biases);
    for (int i = 0; i < LeNet5.WEIGHTED.size(); i++) {
      LeNet5.Weighted layer = LeNet5.WEIGHTED.get(i);
      if (weights.get(i).length != layer.weightCount() || biases.get(i).length != layer.outputs()) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot use %d weights and %d biases for layer %s: expected %d and %d",
                weights.get(i).length,
                biases.get(i).length,
                layer.name(),
                layer.weightCount(),
                layer.outputs()));
      }
    }
  }

  /** A copy of {@code network}'s parameters. */
  public static LeNetParameters of(MultiLayerNetwork network) {
    return new LeNetParameters(
        LeNet5.WEIGHTED.stream().map(layer -> param(network, layer, "W")).toList(),
        LeNet5.WEIGHTED.stream().map(layer -> param(network, layer, "b")).toList());
  }

  /** Writes these parameters into {@code network}, a LeNet-5 of the same shapes. */
  public void copyInto(MultiLayerNetwork network) {
    for (int i = 0; i < LeNet5.WEIGHTED.size(); i++) {
      assign(network, LeNet5.WEIGHTED.get(i), "W", weights.get(i));
      assign(network, LeNet5.WEIGHTED.get(i), "b", biases.get(i));
    }
  }

  private static float[] param(MultiLayerNetwork network, LeNet5.Weighted layer, String key) {
    return network.getLayer(layer.index()).getParam(key).dup('c').data().asFloat();
  }

  private static void assign(
      MultiLayerNetwork network, LeNet5.Weighted layer, String key, float[] values) {
    INDArray view = network.getLayer(layer.index()).getParam(key);
    view.assign(Nd4j.create(values, view.shape(), 'c'));
  }
}
