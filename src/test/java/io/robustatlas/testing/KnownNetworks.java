package io.robustatlas.testing;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real DL4J LeNet-5 networks whose behaviour is known by construction: built by {@link
 * LeNet5#create} and then given chosen parameters, so tests of the robustness stage can predict
 * exactly what a model does without training one.
 */
public final class KnownNetworks {
  public static final int CONV1 = LeNet5.LAYERS.indexOf("conv1");
  public static final int OUTPUT = LeNet5.LAYERS.indexOf("logits");

  private KnownNetworks() {}

  /** An untrained network with the given init: its predictions move under noise. */
  public static MultiLayerNetwork random(long seed, InitScheme init) {
    return LeNet5.create(new TrainSpec(Optimizer.ADAM, 0.01, 0, 1, seed, init, 64, "known"));
  }

  /**
   * Every weight and bias zero except the output bias, which is 1 for {@code favoured}: every
   * hidden activation is ReLU(0) = 0, so the logits are the output bias for every input.
   */
  public static MultiLayerNetwork alwaysPredicts(int favoured) {
    MultiLayerNetwork network = random(0, InitScheme.DEFAULT);
    network.params().assign(0);
    network.getLayer(OUTPUT).getParam("b").putScalar(favoured, 1f);
    return network;
  }

  /**
   * A random network with conv1's weights and bias zeroed: conv1 outputs 0 whatever the input, so
   * every later activation, and the logits, are one constant vector. Later biases are drawn in
   * [0, 0.5) (init leaves them 0) so that vector is not all zeros, a tie no test could learn from.
   */
  public static MultiLayerNetwork inputBlind(long seed) {
    MultiLayerNetwork network = random(seed, InitScheme.KAIMING);
    network.getLayer(CONV1).getParam("W").assign(0);
    network.getLayer(CONV1).getParam("b").assign(0);
    SplittableRandom random = new SplittableRandom(seed);
    for (int layer = CONV1 + 1; layer <= OUTPUT; layer++) {
      if (network.getLayer(layer).numParams() == 0) {
        continue; // pooling
      }
      INDArray bias = network.getLayer(layer).getParam("b");
      for (long i = 0; i < bias.length(); i++) {
        bias.putScalar(i, random.nextDouble(0.5));
      }
    }
    return network;
  }
}
