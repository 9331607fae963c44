package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.DataConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import io.robustatlas.noise.GaussianNoise;
import io.robustatlas.train.Dl4jTrainer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector and scalar engines against DL4J's inference, on the inputs the robustness stage feeds
 * them: MNIST test images plus unclipped N(0, 0.9²) noise, in batches of odd sizes (tail blocks),
 * through random networks of every init scheme, a network with weights scaled up (large
 * activations), a briefly trained one, and random networks of every activation × pooling of the
 * grid (plain and with weights scaled up, which drives tanh and sigmoid into saturation and ELU
 * deep into its exponential side), and one trained with dropout.
 *
 * <p>Tolerance: 1e-4 × max(1, the image's largest |logit|). The engines sum the same products as
 * DL4J in another order (and with fused multiply-adds), so they differ by float rounding only, a
 * few ulps: ~1e-6 relative to the logits' magnitude, measured. That is within 1e-4 absolute for
 * logits of ordinary size, but a float holding a logit of 300 has an ulp of 3e-5, so the bound
 * becomes relative for large logits (the scaled network). A layout or indexing bug gives
 * differences of order one. Predictions must agree wherever DL4J's top two logits are more than
 * {@value #NEAR_TIE} apart; closer ties may flip on rounding and are counted instead.
 */
class LaneEnginesTest {
  private static final double TOLERANCE = 1e-4;
  private static final double NEAR_TIE = 1e-5;
  private static final double SIGMA = 0.9;
  private static final int[] BATCHES = {1, 7, 33, 1000};
  private static final int IMAGES = 1000;

  private static LabeledImages train;
  private static float[] noisy;

  @BeforeAll
  static void readData() {
    IdxReader reader = new IdxReader(new Configuration());
    train = reader.read(DataConfig.TRAIN_IMAGES_DEFAULT, DataConfig.TRAIN_LABELS_DEFAULT, IMAGES);
    LabeledImages test =
        reader.read(DataConfig.TEST_IMAGES_DEFAULT, DataConfig.TEST_LABELS_DEFAULT, IMAGES);
    noisy = new float[IMAGES * LeNet5.INPUT_SIZE];
    GaussianNoise.fill(11, 0, IMAGES, LeNet5.INPUT_SIZE, noisy, 0);
    for (int i = 0; i < IMAGES; i++) {
      float[] clean = test.image(i);
      for (int p = 0; p < LeNet5.INPUT_SIZE; p++) {
        noisy[i * LeNet5.INPUT_SIZE + p] =
            clean[p] + (float) SIGMA * noisy[i * LeNet5.INPUT_SIZE + p];
      }
    }
  }

  static Stream<Arguments> networks() {
    Stream<Arguments> random =
        Stream.of(InitScheme.values())
            .map(
                init ->
                    Arguments.of(init + " init", LeNet5.create(spec(init, 100 + init.ordinal()))));
    MultiLayerNetwork scaled = LeNet5.create(spec(InitScheme.KAIMING, 7));
    scaled.params().muli(2);
    return Stream.of(
            random,
            Stream.of(
                Arguments.of("kaiming init, every parameter x2", scaled),
                Arguments.of("trained 1 epoch", trained(Architecture.LENET5))),
            variants(),
            Stream.of(
                Arguments.of(
                    "tanh, avg pooling, trained 1 epoch with dropout 0.5",
                    trained(new Architecture(Activation.TANH, Pooling.AVG, 0.5)))))
        .flatMap(s -> s);
  }

  /** Every activation × pooling, each as a random network and with its parameters x2. */
  private static Stream<Arguments> variants() {
    return Stream.of(Activation.values())
        .flatMap(a -> Stream.of(Pooling.values()).map(p -> new Architecture(a, p, 0)))
        .flatMap(
            architecture -> {
              String name = architecture.activation() + ", " + architecture.pooling() + " pooling";
              long seed = 200 + 2L * architecture.activation().ordinal()
                  + architecture.pooling().ordinal();
              MultiLayerNetwork scaled = LeNet5.create(spec(InitScheme.KAIMING, seed, architecture));
              scaled.params().muli(2);
              return Stream.of(
                  Arguments.of(name, LeNet5.create(spec(InitScheme.DEFAULT, seed, architecture))),
                  Arguments.of(name + ", kaiming init x2", scaled));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void logitsMatchDl4j(String name, MultiLayerNetwork network) {
    BatchPredictor dl4j = Engines.predictor(EngineKind.DL4J, network, 1);
    for (EngineKind kind : new EngineKind[] {EngineKind.VECTOR, EngineKind.SCALAR}) {
      BatchPredictor engine = Engines.predictor(kind, network, 1);
      double maxDiff = 0;
      double maxRelative = 0;
      int nearTies = 0;
      for (int batch : BATCHES) {
        float[] expected = logits(dl4j, batch);
        float[] actual = logits(engine, batch);
        for (int i = 0; i < expected.length; i++) {
          double diff = Math.abs(expected[i] - actual[i]);
          double scale = largestMagnitude(expected, i / LeNet5.CLASSES);
          maxDiff = Math.max(maxDiff, diff);
          maxRelative = Math.max(maxRelative, diff / scale);
          assertTrue(
              diff <= TOLERANCE * Math.max(1, scale),
              name
                  + ", "
                  + kind
                  + ", batch "
                  + batch
                  + ", logit "
                  + i
                  + ": "
                  + expected[i]
                  + " vs "
                  + actual[i]);
        }
        nearTies += checkPredictions(expected, actual, name + ", " + kind + ", batch " + batch);
      }
      System.out.printf(
          "%s, %s: max |logit diff| %.2e, max relative to the image's largest |logit| %.2e,"
              + " near-ties %d of %d%n",
          name, kind, maxDiff, maxRelative, nearTies, Arrays.stream(BATCHES).sum());
    }
  }

  private static double largestMagnitude(float[] logits, int row) {
    double largest = 0;
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      largest = Math.max(largest, Math.abs(logits[row * LeNet5.CLASSES + c]));
    }
    return largest;
  }

  /** Asserts equal argmax except on DL4J near-ties; returns how many near-ties there were. */
  private static int checkPredictions(float[] expected, float[] actual, String what) {
    int nearTies = 0;
    for (int row = 0; row < expected.length / LeNet5.CLASSES; row++) {
      if (topTwoGap(expected, row) <= NEAR_TIE) {
        nearTies++;
      } else {
        assertEquals(
            BatchPredictor.argmax(expected, row, LeNet5.CLASSES),
            BatchPredictor.argmax(actual, row, LeNet5.CLASSES),
            what + ", image " + row);
      }
    }
    return nearTies;
  }

  private static double topTwoGap(float[] logits, int row) {
    float[] sorted = Arrays.copyOfRange(logits, row * LeNet5.CLASSES, (row + 1) * LeNet5.CLASSES);
    Arrays.sort(sorted);
    return sorted[LeNet5.CLASSES - 1] - sorted[LeNet5.CLASSES - 2];
  }

  private static float[] logits(BatchPredictor predictor, int count) {
    float[] logits = new float[count * LeNet5.CLASSES];
    predictor.logits(Arrays.copyOf(noisy, count * LeNet5.INPUT_SIZE), count, logits);
    return logits;
  }

  private static MultiLayerNetwork trained(Architecture architecture) {
    TrainSpec spec =
        new TrainSpec(
            Optimizer.ADAM, 0.01, 0, 1, 3, InitScheme.DEFAULT, 64, train.fingerprint(),
            architecture);
    return new Dl4jTrainer().train(spec, train, 1).network();
  }

  private static TrainSpec spec(InitScheme init, long seed) {
    return spec(init, seed, Architecture.LENET5);
  }

  private static TrainSpec spec(InitScheme init, long seed, Architecture architecture) {
    return new TrainSpec(Optimizer.SGD, 0.01, 0, 1, seed, init, 64, "none", architecture);
  }
}
