package io.robustatlas.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.noise.NoiseKind;
import io.robustatlas.robustness.NoisyCopies;
import io.robustatlas.testing.KnownNetworks;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The ablated variants against the robustness stage's own pair loop ({@link NoisyCopies}, one
 * sample at a time) and against networks edited in DL4J.
 */
class ChannelAblationTest {
  private static final int COUNT = 5;
  private static final int COPIES = 30;

  @Test
  void ratiosAreThoseOfTheRobustnessStagesPairLoopForEveryVariant() {
    MultiLayerNetwork network = KnownNetworks.random(5, InitScheme.KAIMING);
    LeNetParameters params = LeNetParameters.of(network);
    float[] images = new float[COUNT * LeNet5.INPUT_SIZE];
    SplittableRandom random = new SplittableRandom(6);
    for (int p = 0; p < images.length; p++) {
      images[p] = (float) random.nextDouble();
    }
    long[] seeds = {11, 12, 13, 14, 15};
    InputNoise noise = new InputNoise(NoiseKind.GAUSSIAN, 0.5, false);
    List<ChannelAblation.Variant> variants =
        new ChannelAblation(Engines.reweightable(EngineKind.SCALAR, network, 1), params, noise,
            COPIES).variants(images, COUNT, seeds);
    assertEquals(1 + LeNetBackprop.CHANNELS, variants.size());
    double spread = 0;
    for (int v : new int[] {0, 1, 7, LeNetBackprop.CHANNELS}) {
      MultiLayerNetwork edited = network.clone();
      (v == 0 ? params : ChannelAblation.without(params, v - 1)).copyInto(edited);
      var predictor = Engines.predictor(EngineKind.SCALAR, edited, 1);
      float[] logits = new float[COUNT * LeNet5.CLASSES];
      predictor.logits(images, COUNT, logits);
      assertArrayEquals(logits, variants.get(v).logits(), 0f, "variant " + v);
      NoisyCopies pairLoop = new NoisyCopies(predictor, 7);
      for (int i = 0; i < COUNT; i++) {
        float[] image = Arrays.copyOfRange(images, i * 784, (i + 1) * 784);
        float[] clean = Arrays.copyOfRange(logits, i * 10, (i + 1) * 10);
        double expected = pairLoop.measure(image, clean, noise, COPIES, seeds[i]).ratio();
        assertEquals(expected, variants.get(v).ratios()[i], 0.0, "variant " + v + ", sample " + i);
        spread += Math.abs(expected - 0.5);
      }
    }
    assertTrue(spread < 0.5 * 4 * COUNT, "some ratios are neither 0 nor 1: the noise matters");
  }
}
