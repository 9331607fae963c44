package io.robustatlas.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.testing.KnownNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The backward pass against independent computations: central finite differences, Euler's theorem
 * for bias-free ReLU networks, the affine map of one linear region, and the engine's logits.
 */
class LeNetBackpropTest {

  /** A random network (DL4J's own LeNet-5, kaiming init, biases drawn as in training). */
  private static MultiLayerNetwork network(long seed) {
    return KnownNetworks.random(seed, InitScheme.KAIMING);
  }

  private static float[] image(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] image = new float[LeNet5.INPUT_SIZE];
    for (int p = 0; p < image.length; p++) {
      image[p] = (float) random.nextDouble();
    }
    return image;
  }

  @Test
  void logitsAreTheEnginesLogits() {
    MultiLayerNetwork network = network(3);
    float[] image = image(4);
    float[] expected = new float[LeNet5.CLASSES];
    Engines.predictor(EngineKind.SCALAR, network, 1).logits(image, 1, expected);
    double[] logits = new LeNetBackprop(LeNetParameters.of(network)).logits(image);
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      // The engine sums ~400 float products of order one: its rounding error is below 1e-4.
      assertEquals(expected[c], logits[c], 1e-4);
    }
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    LeNetBackprop backprop = new LeNetBackprop(LeNetParameters.of(network(7)));
    float[] image = image(8);
    int target = 3;
    double[] gradient = backprop.gradient(image, target, null);
    // The network is piecewise linear: within a region a central difference is exact, so the only
    // error is rounding (~1e-16 · |y| / h ≈ 1e-10); h = 1e-5 in float pixels is only
    // representable around values of order one only approximately, so the step is measured.
    int checked = 0;
    int far = 0;
    for (int p = 0; p < LeNet5.INPUT_SIZE; p++) {
      float original = image[p];
      image[p] = original + 1e-5f;
      double up = backprop.logits(image)[target];
      float upPixel = image[p];
      image[p] = original - 1e-5f;
      double down = backprop.logits(image)[target];
      float downPixel = image[p];
      image[p] = original;
      double difference = (up - down) / ((double) upPixel - downPixel);
      checked++;
      if (Math.abs(difference - gradient[p]) > 1e-6 * (1 + Math.abs(gradient[p]))) {
        far++; // a ReLU or a pooling winner switched within ±h: the difference is not the slope
      }
    }
    assertEquals(784, checked);
    assertTrue(far <= 8, far + " of 784 pixels disagree with their finite difference");
    assertTrue(norm(gradient) > 1e-3, "a random network's logit depends on its input");
  }

  @Test
  void taylorSumIsTheLogitForABiasFreeNetworkAroundZero() {
    // With every bias zero, a ReLU/max-pool network is positively homogeneous, y(t·x) = t·y(x), so
    // by Euler's theorem ∇y(x)·x = y(x): the Taylor map around the zero root sums to y(x) − y(0)
    // with y(0) = 0, exactly, whatever regions lie between 0 and x.
    MultiLayerNetwork network = network(11);
    LeNetParameters params = LeNetParameters.of(network);
    List<float[]> zeros = new ArrayList<>();
    params.biases().forEach(b -> zeros.add(new float[b.length]));
    LeNetParameters biasFree = new LeNetParameters(params.weights(), zeros);
    biasFree.copyInto(network);
    float[] image = image(12);
    float[] engineLogits = new float[LeNet5.CLASSES];
    Engines.predictor(EngineKind.SCALAR, network, 1).logits(image, 1, engineLogits);
    for (int target : new int[] {0, 5, 9}) {
      Relevance relevance =
          Relevance.of(new LeNetBackprop(biasFree), image, new float[784], target);
      assertEquals(0.0, relevance.rootLogit(), 0.0);
      // Float engine logits against a sum of 784 float products: 1e-4.
      assertEquals(engineLogits[target], relevance.taylorSum(), 1e-4);
    }
  }

  @Test
  void taylorSumIsTheLogitDropWithinOneLinearRegion() {
    // A root on the segment to x close enough that no ReLU or pooling winner switches (checked:
    // the gradient at the root is the gradient at x): y is affine there, y(x) − y(x̃) = ∇y·(x − x̃).
    MultiLayerNetwork network = network(21);
    LeNetBackprop backprop = new LeNetBackprop(LeNetParameters.of(network));
    float[] image = image(22);
    float[] root = new float[image.length];
    for (int p = 0; p < image.length; p++) {
      root[p] = image[p] * 0.98f;
    }
    int target = 6;
    assertArrayEquals(
        backprop.gradient(image, target, null), backprop.gradient(root, target, null), 0.0);
    Relevance relevance = Relevance.of(backprop, image, root, target);
    float[] at = new float[LeNet5.CLASSES];
    float[] atRoot = new float[LeNet5.CLASSES];
    var engine = Engines.predictor(EngineKind.SCALAR, network, 1);
    engine.logits(image, 1, at);
    engine.logits(root, 1, atRoot);
    // Each engine logit carries float rounding up to 1e-4 (see above).
    assertEquals(at[target] - atRoot[target], relevance.taylorSum(), 2e-4);
    assertTrue(Math.abs(at[target] - atRoot[target]) > 1e-3, "the root moves the logit");
  }

  @Test
  void switchingAChannelOffIsZeroingItsKernelAndBiasInDl4j() {
    MultiLayerNetwork network = network(31);
    LeNetParameters params = LeNetParameters.of(network);
    float[] image = image(32);
    for (int channel : new int[] {2, LeNetBackprop.C1 + 9}) {
      LeNetParameters edited = ChannelAblation.without(params, channel);
      MultiLayerNetwork copy = network.clone();
      edited.copyInto(copy);
      // DL4J's own activations of the edited network: the channel is exactly zero after ReLU and
      // after pooling (ReLU(0) = 0, the max of zeros is 0), for any input.
      String conv = channel < LeNetBackprop.C1 ? "conv1" : "conv2";
      String pool = channel < LeNetBackprop.C1 ? "pool1" : "maxpool2";
      int out = channel < LeNetBackprop.C1 ? channel : channel - LeNetBackprop.C1;
      var activations =
          io.robustatlas.engine.Dl4jActivations.of(copy, image, 1, List.of(conv, pool));
      assertAllZero(activations.get(conv), out, channel < LeNetBackprop.C1 ? 576 : 64);
      assertAllZero(activations.get(pool), out, channel < LeNetBackprop.C1 ? 144 : 16);
      float[] engine = new float[LeNet5.CLASSES];
      Engines.predictor(EngineKind.SCALAR, copy, 1).logits(image, 1, engine);
      boolean[] keep = LeNetBackprop.allChannels();
      keep[channel] = false;
      double[] masked = new LeNetBackprop(params).logits(image, keep);
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        assertEquals(engine[c], masked[c], 1e-4);
      }
    }
  }

  private static void assertAllZero(float[] values, int channel, int plane) {
    for (int i = channel * plane; i < (channel + 1) * plane; i++) {
      assertEquals(0f, values[i], 0f, "activation " + i);
    }
  }

  private static double norm(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
}
