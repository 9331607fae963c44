package io.robustatlas.model;

import io.robustatlas.grid.InitScheme;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws every weight of a LeNet-5 from a Java generator seeded by (model seed, layer index) and
 * zeroes the biases, following the {@link InitScheme} definitions. Fan-in and fan-out are PyTorch's:
 * for a convolution, channels × kernel area.
 */
final class SeededInit {
  private SeededInit() {}

  static void apply(MultiLayerNetwork network, InitScheme init, long seed) {
    Layer[] layers = network.getLayers();
    for (int index = 0; index < layers.length; index++) {
      if (layers[index].numParams() == 0) {
        continue;
      }
      INDArray weights = layers[index].getParam("W");
      long[] shape = weights.shape();
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
      float[] values = draw(init, shape, random);
      layers[index].setParam("W", Nd4j.create(values, shape, 'c'));
      layers[index].getParam("b").assign(0);
    }
  }

  /**
   * @param shape DL4J's weight shape: [out, in, kh, kw] for convolutions, [in, out] for dense
   */
  private static float[] draw(InitScheme init, long[] shape, SplittableRandom random) {
    boolean conv = shape.length == 4;
    long receptive = conv ? shape[2] * shape[3] : 1;
    double fanIn = (conv ? shape[1] : shape[0]) * receptive;
    double fanOut = (conv ? shape[0] : shape[1]) * receptive;
    float[] values = new float[Math.toIntExact((long) fanIn * (conv ? shape[0] : shape[1]))];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) sample(init, fanIn, fanOut, random);
    }
    return values;
  }

  private static double sample(InitScheme init, double fanIn, double fanOut, SplittableRandom r) {
    return switch (init) {
      case XAVIER -> uniform(r, Math.sqrt(6 / (fanIn + fanOut)));
      case NORMAL -> 0.01 * r.nextGaussian();
      case KAIMING -> uniform(r, Math.sqrt(6 / fanIn));
      case DEFAULT -> uniform(r, 1 / Math.sqrt(fanIn));
    };
  }

  private static double uniform(SplittableRandom random, double bound) {
    return (2 * random.nextDouble() - 1) * bound;
  }
}
