package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hidden-layer activations of clean samples, in inference mode, from DL4J. Runs once per selected
 * sample (not per noisy copy), so it stays on the reference engine whatever engine predicts.
 * Convolutional activations are flattened channel-major ([channel][row][col]), as PyTorch's
 * {@code view(n, -1)} flattens NCHW tensors.
 */
public final class Dl4jActivations {
  private Dl4jActivations() {}

  /**
   * @param images {@code count * 784} floats, image after image
   * @param layers names from {@link LeNet5#LAYERS}, excluding {@code logits}
   * @return per layer, {@code count * width} floats, sample after sample
   */
  public static Map<String, float[]> of(
      MultiLayerNetwork network, float[] images, int count, List<String> layers) {
    INDArray input =
        Nd4j.create(images, new long[] {count, LeNet5.INPUT_SIZE}, 'c');
    int deepest = layers.stream().mapToInt(LeNet5.LAYERS::indexOf).max().orElse(0);
    List<INDArray> outputs = network.feedForwardToLayer(deepest, input, false);
    Map<String, float[]> byLayer = new LinkedHashMap<>();
    for (String layer : layers) {
      // feedForwardToLayer's list starts with the input, so layer i's output is at i + 1.
      INDArray output = outputs.get(LeNet5.LAYERS.indexOf(layer) + 1);
      byLayer.put(layer, output.reshape('c', count, output.length() / count).dup('c').data().asFloat());
    }
    return byLayer;
  }
}
