package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.config.DataConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.InitialWeights;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.random.Seeds;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lane engines' gradient against central finite differences of the loss computed by a second,
 * independent implementation of LeNet-5 in double precision ({@link DoubleLeNet}, textbook loops
 * over DL4J's layouts): every bias and 40 seeded weights of every layer, on a batch of 5 MNIST
 * images (a partial block on every engine).
 *
 * <p>Step h = 1e-5: the double loss carries rounding near 1e-15, about 1e-10 in the difference
 * quotient, and its O(h²) truncation is smaller still; a ReLU or pooling window that changes within
 * ±h would put it far off (with h = 1e-3 one did, on conv1's bias, which moves all 576 positions
 * of a channel). The engine's gradient is float: a few ulps of the sums it adds up, about 1e-6
 * relative to the layer's largest gradient. Bound: 1e-3 × |numeric| + 1e-5 × the layer's largest
 * |numeric|. A wrong index, a missing ReLU mask or a gradient routed to the wrong pooling position
 * is off by the whole value.
 */
class LaneGradientTest {
  private static final int IMAGES = 5;
  private static final int WEIGHTS_PER_LAYER = 40;
  private static final double H = 1e-5;
  private static final LabeledImages DATA =
      new IdxReader(new Configuration())
          .read(DataConfig.TRAIN_IMAGES_DEFAULT, DataConfig.TRAIN_LABELS_DEFAULT, IMAGES);

  @ParameterizedTest
  @EnumSource(names = {"VECTOR", "SCALAR"})
  void gradientMatchesFiniteDifferences(EngineKind engine) {
    TrainSpec spec =
        new TrainSpec(
            Optimizer.SGD, 0.01, 0, 1, 3, InitScheme.KAIMING, IMAGES, DATA.fingerprint());
    LeNetParameters params = InitialWeights.draw(spec.init(), spec.seed());
    int[] order = IntStream.range(0, IMAGES).toArray();
    LaneStepper.Gradient gradient =
        LaneStepper.create(engine, spec, params, 1).gradient(DATA, order, 0, IMAGES);
    DoubleLeNet reference = new DoubleLeNet(params, DATA);
    assertEquals(reference.loss(), gradient.loss(), 1e-6 * reference.loss(), "loss");
    SplittableRandom random = Seeds.stream(Seeds.derive(Seeds.tag("test-gradient-check"), 1));
    for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
      String name = LeNet5.WEIGHTED.get(layer).name();
      double[] b = reference.bias(layer);
      int[] biases = IntStream.range(0, b.length).toArray();
      check(reference, b, biases, gradient.values().biases().get(layer), name + " b");
      double[] w = reference.weights(layer);
      int[] weights = random.ints(WEIGHTS_PER_LAYER, 0, w.length).toArray();
      check(reference, w, weights, gradient.values().weights().get(layer), name + " W");
    }
  }

  private static void check(
      DoubleLeNet reference, double[] values, int[] indices, float[] actual, String what) {
    double[] numeric = new double[indices.length];
    double largest = 0;
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      double original = values[i];
      values[i] = original + H;
      double up = reference.loss();
      values[i] = original - H;
      double down = reference.loss();
      values[i] = original;
      numeric[k] = (up - down) / (2 * H);
      largest = Math.max(largest, Math.abs(numeric[k]));
    }
    for (int k = 0; k < indices.length; k++) {
      double bound = 1e-3 * Math.abs(numeric[k]) + 1e-5 * largest;
      assertEquals(numeric[k], actual[indices[k]], bound, what + "[" + indices[k] + "]");
    }
  }
}
