package io.robustatlas.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import io.robustatlas.grid.TrainSpec;
import java.io.ByteArrayInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;

/**
 * A model zip says which variant it is: the robustness stage's engines read the activation and
 * pooling back from the zip's own configuration, never from a side table that could disagree.
 */
class LeNet5ArchitectureTest {

  @Test
  void everyVariantReadsBackFromItsZip() throws Exception {
    for (Activation activation : Activation.values()) {
      for (Pooling pooling : Pooling.values()) {
        Architecture built = new Architecture(activation, pooling, 0.5);
        byte[] zip = ModelStore.serialize(LeNet5.create(spec(built)));
        MultiLayerNetwork loaded =
            ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
        assertEquals(
            new Architecture(activation, pooling, 0), LeNet5.architectureOf(loaded), "" + built);
      }
    }
  }

  @Test
  void aNetworkWhoseHiddenLayersDisagreeIsNotOfTheGrid() {
    MultiLayerNetwork network = LeNet5.create(spec(Architecture.LENET5));
    ((org.deeplearning4j.nn.conf.layers.BaseLayer)
            network.getLayerWiseConfigurations().getConf(4).getLayer())
        .setActivationFn(new ActivationSigmoid());
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> LeNet5.architectureOf(network));
    assertEquals(
        "Cannot read a LeNet-5 with hidden activations [relu, sigmoid]: its hidden layers must"
            + " share one of [relu, tanh, sigmoid, elu] and its pooling layers one of [max, avg]",
        error.getMessage());
  }

  private static TrainSpec spec(Architecture architecture) {
    return new TrainSpec(
        Optimizer.ADAM, 0.01, 0, 1, 3, InitScheme.DEFAULT, 64, "fp", architecture);
  }
}
