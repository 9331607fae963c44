package io.robustatlas.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.testing.KnownNetworks;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The greedy selection's defining property, checked on networks edited in DL4J and run on the
 * engine: with the selected channels on (every other kernel and bias zeroed) the logit error is
 * under the bound, with one channel fewer it is not.
 */
class GreedySelectionTest {

  @Test
  void theSelectionIsTheShortestPrefixWithinTheBound() {
    MultiLayerNetwork network = KnownNetworks.random(41, InitScheme.KAIMING);
    LeNetParameters params = LeNetParameters.of(network);
    LeNetBackprop backprop = new LeNetBackprop(params);
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 3; trial++) {
      float[] image = new float[LeNet5.INPUT_SIZE];
      for (int p = 0; p < image.length; p++) {
        image[p] = (float) random.nextDouble();
      }
      double[] errors = new double[LeNetBackprop.CHANNELS];
      for (int c = 0; c < errors.length; c++) {
        errors[c] = random.nextDouble(); // any order: the property holds for every order
      }
      for (double fraction : new double[] {0.05, 0.3, 0.9}) {
        GreedySelection.Selection selection =
            GreedySelection.select(backprop, image, errors, fraction);
        assertArrayEquals(GreedySelection.descending(errors), selection.order());
        float[] full = logits(network, params, image, LeNetBackprop.CHANNELS, selection.order());
        double bound = fraction * meanAbs(full, new float[full.length]);
        int needed = selection.needed();
        float[] with = logits(network, params, image, needed, selection.order());
        // Engine (float) against the selection's double forward pass: 1e-4 of slack.
        assertTrue(meanAbs(with, full) < bound + 1e-4, "within the bound with " + needed);
        if (needed > 0) {
          float[] fewer = logits(network, params, image, needed - 1, selection.order());
          assertTrue(meanAbs(fewer, full) >= bound - 1e-4, "not within it with " + (needed - 1));
        }
      }
    }
  }

  /** The engine's logits with only the first {@code on} channels of {@code order} kept. */
  private static float[] logits(
      MultiLayerNetwork network, LeNetParameters params, float[] image, int on, int[] order) {
    LeNetParameters edited = params;
    for (int k = on; k < order.length; k++) {
      edited = ChannelAblation.without(edited, order[k]);
    }
    MultiLayerNetwork copy = network.clone();
    edited.copyInto(copy);
    float[] logits = new float[LeNet5.CLASSES];
    Engines.predictor(EngineKind.SCALAR, copy, 1).logits(image, 1, logits);
    return logits;
  }

  private static double meanAbs(float[] a, float[] b) {
    double sum = 0;
    for (int c = 0; c < a.length; c++) {
      sum += Math.abs(a[c] - b[c]);
    }
    return sum / a.length;
  }
}
