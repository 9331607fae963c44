package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.noise.WeightNoise;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.KnownNetworks;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weight-noise loop on a real DL4J LeNet-5, on the scalar lane engine (bit-reproducible): it
 * equals a by-hand computation that builds each perturbed copy as its own DL4J network and its own
 * predictor; copy k is the same network for every sample; α = 0 changes nothing.
 */
class WeightCopiesTest {
  private static final LabeledImages DATA = IdxFixtures.synthetic(9, 28, 28, 11);
  private static final int SAMPLES = DATA.count();
  private static final long RUN = 7;
  private static final String MODEL = "weight-copies-test";

  private static MultiLayerNetwork network;
  private static float[] images;
  private static float[] cleanLogits;

  @BeforeAll
  static void buildNetwork() {
    network = KnownNetworks.random(1, InitScheme.KAIMING);
    images = new float[SAMPLES * LeNet5.INPUT_SIZE];
    for (int i = 0; i < SAMPLES; i++) {
      DATA.copyImage(i, images, i * LeNet5.INPUT_SIZE);
    }
    cleanLogits = new float[SAMPLES * LeNet5.CLASSES];
    Engines.predictor(EngineKind.SCALAR, network, 1).logits(images, SAMPLES, cleanLogits);
  }

  private static PairStats[] measure(float[] images, float[] clean, int samples, double alpha) {
    WeightCopies copies =
        new WeightCopies(
            Engines.reweightable(EngineKind.SCALAR, network, 2), LeNetParameters.of(network));
    return copies.measure(images, clean, samples, alpha, 12, RUN, MODEL);
  }

  @Test
  void equalsABuildEachCopyByHandComputation() {
    double alpha = 0.5;
    int[][] flips = new int[SAMPLES][LeNet5.CLASSES];
    double[] kl = new double[SAMPLES];
    WeightNoise noise = new WeightNoise(LeNetParameters.of(network));
    float[] logits = new float[SAMPLES * LeNet5.CLASSES];
    for (int k = 0; k < 12; k++) {
      MultiLayerNetwork copy = network.clone();
      noise.copy(alpha, NoiseSeeds.weightCopySeed(RUN, MODEL, alpha, k)).copyInto(copy);
      Engines.predictor(EngineKind.SCALAR, copy, 1).logits(images, SAMPLES, logits);
      for (int i = 0; i < SAMPLES; i++) {
        flips[i][BatchPredictor.argmax(logits, i, LeNet5.CLASSES)]++;
        kl[i] +=
            SoftmaxStats.klFromLogits(
                cleanLogits, i * LeNet5.CLASSES, logits, i * LeNet5.CLASSES, LeNet5.CLASSES);
      }
    }
    PairStats[] stats = measure(images, cleanLogits, SAMPLES, alpha);
    int moved = 0;
    for (int i = 0; i < SAMPLES; i++) {
      assertArrayEquals(flips[i], stats[i].flipCounts(), "sample " + i);
      assertEquals(kl[i] / 12, stats[i].meanKl(), 0.0, "sample " + i);
      int clean = BatchPredictor.argmax(cleanLogits, i, LeNet5.CLASSES);
      assertEquals(flips[i][clean], stats[i].unchanged());
      moved += 12 - stats[i].unchanged();
    }
    assertTrue(moved > 0, "α = 0.5 moves some predictions, or this test would prove little");
  }

  @Test
  void copyKIsTheSameNetworkForEverySample() {
    PairStats[] all = measure(images, cleanLogits, SAMPLES, 0.5);
    int last = SAMPLES - 1;
    float[] alone =
        Arrays.copyOfRange(images, last * LeNet5.INPUT_SIZE, SAMPLES * LeNet5.INPUT_SIZE);
    float[] aloneClean =
        Arrays.copyOfRange(cleanLogits, last * LeNet5.CLASSES, SAMPLES * LeNet5.CLASSES);
    PairStats single = measure(alone, aloneClean, 1, 0.5)[0];
    assertArrayEquals(all[last].flipCounts(), single.flipCounts());
    assertEquals(all[last].meanKl(), single.meanKl(), 0.0);
  }

  @Test
  void alphaZeroChangesNothing() {
    for (PairStats stats : measure(images, cleanLogits, SAMPLES, 0)) {
      assertEquals(12, stats.unchanged());
      assertEquals(0.0, stats.meanKl(), 0.0, "the same engine on the same weights: equal logits");
    }
  }
}
