package io.robustatlas.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.testing.KnownNetworks;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Weight noise measured on a real DL4J LeNet-5: the perturbed copies are written into a DL4J
 * network and read back from its layers, and per layer the noise that was added (copy − clean) must
 * have mean 0 and standard deviation α·std of that very layer's weights (biases: of its biases).
 * The network's layers have deliberately different scales (He-uniform weights, whose std falls with
 * the fan-in, and biases of a different scale per layer), so reusing any other array's std — the
 * companion study's bug used the first array's for every layer — misses by a factor of 1.3 to 30
 * and fails.
 */
class WeightNoiseTest {
  private static final double ALPHA = 0.1;
  private static final int COPIES = 40;

  private static MultiLayerNetwork network;
  private static LeNetParameters clean;

  @BeforeAll
  static void buildNetwork() {
    network = KnownNetworks.random(3, InitScheme.KAIMING);
    SplittableRandom random = new SplittableRandom(3);
    double[] biasScales = {0.01, 0.05, 0.02, 0.002, 1.0};
    for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
      var bias =
          network.getLayer(LeNet5.LAYERS.indexOf(LeNet5.WEIGHTED.get(layer).name())).getParam("b");
      for (long i = 0; i < bias.length(); i++) {
        bias.putScalar(i, random.nextGaussian() * biasScales[layer]);
      }
    }
    clean = LeNetParameters.of(network);
  }

  @Test
  void eachLayersNoiseHasThatLayersOwnScale() {
    WeightNoise noise = new WeightNoise(clean);
    MultiLayerNetwork perturbed = network.clone();
    int layers = LeNet5.WEIGHTED.size();
    double[][] sums = new double[2 * layers][2];
    long[] counts = new long[2 * layers];
    for (int k = 0; k < COPIES; k++) {
      noise.copy(ALPHA, NoiseSeeds.weightCopySeed(1, "weights-test", ALPHA, k)).copyInto(perturbed);
      LeNetParameters readBack = LeNetParameters.of(perturbed);
      for (int layer = 0; layer < layers; layer++) {
        accumulate(clean.weights().get(layer), readBack.weights().get(layer), sums[2 * layer]);
        accumulate(clean.biases().get(layer), readBack.biases().get(layer), sums[2 * layer + 1]);
        counts[2 * layer] += clean.weights().get(layer).length;
        counts[2 * layer + 1] += clean.biases().get(layer).length;
      }
    }
    for (int a = 0; a < 2 * layers; a++) {
      int layer = a / 2;
      float[] values = a % 2 == 0 ? clean.weights().get(layer) : clean.biases().get(layer);
      String what = LeNet5.WEIGHTED.get(layer).name() + (a % 2 == 0 ? " W" : " b");
      double expected = ALPHA * populationStd(values);
      double n = counts[a];
      double mean = sums[a][0] / n;
      double std = Math.sqrt(sums[a][1] / n - mean * mean);
      // n normal draws: SE(mean) = σ/√n, SE(std) ≈ σ/√(2n); 5 standard errors. The smallest array
      // (conv1 b: 6 × 40 = 240 draws) allows ±23%; the other arrays' scales differ from each
      // layer's own by more than that, the weights (n ≥ 6,000) by far more than their ±5%.
      assertEquals(0, mean / expected, 5 / Math.sqrt(n), what + " mean");
      assertEquals(1, std / expected, 5 / Math.sqrt(2 * n), what + " std");
    }
  }

  @Test
  void theLayersReallyHaveDifferentScales() {
    // Guards the test above: it can only catch a reused std if the arrays' stds differ.
    double conv1 = populationStd(clean.weights().get(0));
    for (int layer = 1; layer < LeNet5.WEIGHTED.size(); layer++) {
      double ratio = populationStd(clean.weights().get(layer)) / conv1;
      assertTrue(ratio < 0.8, LeNet5.WEIGHTED.get(layer).name() + " W std / conv1 W std = " + ratio);
    }
    for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
      double ratio = populationStd(clean.biases().get(layer)) / conv1;
      assertTrue(ratio < 0.8 || ratio > 1.25, LeNet5.WEIGHTED.get(layer).name() + " b: " + ratio);
    }
  }

  @Test
  void copiesArePureFunctionsOfTheirSeedAndDifferFromEachOther() {
    WeightNoise noise = new WeightNoise(clean);
    long seed = NoiseSeeds.weightCopySeed(1, "weights-test", ALPHA, 0);
    LeNetParameters first = noise.copy(ALPHA, seed);
    LeNetParameters again = new WeightNoise(clean).copy(ALPHA, seed);
    LeNetParameters other = noise.copy(ALPHA, NoiseSeeds.weightCopySeed(1, "weights-test", ALPHA, 1));
    for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
      assertEquals(
          java.util.Arrays.toString(first.weights().get(layer)),
          java.util.Arrays.toString(again.weights().get(layer)));
      assertNotEquals(first.weights().get(layer)[0], other.weights().get(layer)[0]);
    }
  }

  @Test
  void alphaZeroIsTheCleanModel() {
    assertSame(clean, new WeightNoise(clean).copy(0, 42));
  }

  @Test
  void populationStdOfAHandExample() {
    // {1, 2, 3, 4}: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, 5/4 → √1.25.
    assertEquals(Math.sqrt(1.25), WeightNoise.std(new float[] {1, 2, 3, 4}), 1e-15);
  }

  private static void accumulate(float[] clean, float[] perturbed, double[] sums) {
    for (int i = 0; i < clean.length; i++) {
      double added = (double) perturbed[i] - clean[i];
      sums[0] += added;
      sums[1] += added * added;
    }
  }

  /** Two-pass population std, written out here rather than calling the code under test. */
  private static double populationStd(float[] values) {
    double mean = 0;
    for (float v : values) {
      mean += v / (double) values.length;
    }
    double squares = 0;
    for (float v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / values.length);
  }
}
