package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Pooling;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters that are not LeNet-5's are refused up front, not computed with silently. */
class LeNetWeightsTest {
  private static final List<float[]> BIASES =
      List.of(new float[6], new float[16], new float[120], new float[84], new float[10]);

  @Test
  void refusesADenseLayerOfTheWrongSize() {
    List<float[]> weights =
        List.of(
            new float[150],
            new float[2400],
            new float[256 * 100],
            new float[10080],
            new float[840]);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> relu(weights, BIASES));
    assertEquals(
        "Cannot use 25600 weights for layer fc1 with 256 inputs and 120 outputs: expected 30720",
        error.getMessage());
  }

  @Test
  void refusesAnOddChannelCount() {
    List<float[]> weights =
        List.of(
            new float[175], new float[2400], new float[30720], new float[10080], new float[840]);
    List<float[]> biases =
        List.of(new float[7], new float[16], new float[120], new float[84], new float[10]);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> relu(weights, biases));
    assertEquals(
        "Cannot use 7 channels for layer conv1: must be a multiple of 2", error.getMessage());
  }

  @Test
  void padsTheLogitsLayerToWholeGroups() {
    List<float[]> weights =
        List.of(
            new float[150], new float[2400], new float[30720], new float[10080], new float[840]);
    LeNetWeights lenet = relu(weights, BIASES);
    assertEquals(12, lenet.logits.paddedOutputs());
    assertEquals(12 * 84, lenet.logits.weights().length);
  }

  private static LeNetWeights relu(List<float[]> weights, List<float[]> biases) {
    return LeNetWeights.ofDl4jLayout(weights, biases, Activation.RELU, Pooling.MAX);
  }
}
