package io.robustatlas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.InitialWeights;
import io.robustatlas.model.LeNet5;
import io.robustatlas.testing.IdxFixtures;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Seeded inverted dropout: its masks have the rate they claim (a binomial bound), scale the kept
 * inputs as inverted dropout must, are what DL4J applies in a real training step (a dropped input
 * contributes no gradient to the weights it feeds), and make training reproducible.
 */
class SeededDropoutTest {
  private static final LabeledImages DATA = IdxFixtures.synthetic(256, 28, 28, 7);
  private static final int FC1 = LeNet5.LAYERS.indexOf("fc1");
  private static final int FC2 = LeNet5.LAYERS.indexOf("fc2");

  /**
   * The number dropped out of n is Binomial(n, rate): within 5 standard deviations of n·rate
   * (a false alarm has probability below 1e-6); every kept value is exactly 1 / (1 − rate).
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.8})
  void masksDropTheirRateAndScaleTheRest(double rate) {
    int n = 100_000;
    float[] mask = SeededDropout.mask(rate, 3, FC1, 17, n);
    long dropped = 0;
    for (float value : mask) {
      if (value == 0f) {
        dropped++;
      } else {
        assertEquals((float) (1 / (1 - rate)), value);
      }
    }
    double sd = Math.sqrt(n * rate * (1 - rate));
    assertTrue(Math.abs(dropped - n * rate) <= 5 * sd, dropped + " of " + n + " dropped");
  }

  @Test
  void everyStepLayerAndModelHasItsOwnMask() {
    float[] mask = SeededDropout.mask(0.5, 3, FC1, 0, 256);
    assertArrayEquals(mask, SeededDropout.mask(0.5, 3, FC1, 0, 256), "a pure function");
    for (float[] other :
        new float[][] {
          SeededDropout.mask(0.5, 3, FC1, 1, 256),
          SeededDropout.mask(0.5, 3, FC2, 0, 256),
          SeededDropout.mask(0.5, 4, FC1, 0, 256)
        }) {
      // Two independent masks at rate 0.5 agree on about half of 256 places, not on all.
      long same = countSame(mask, other);
      assertTrue(same > 90 && same < 166, same + " of 256 places agree");
    }
  }

  /** Forward: input × mask; backward: the gradient × the same mask, as DL4J's own dropout. */
  @Test
  void backpropagatesThroughTheForwardMask() {
    SeededDropout dropout = new SeededDropout(0.25, 9, FC2);
    INDArray input = Nd4j.linspace(1, 24, 24).reshape(2, 12).castTo(Nd4j.dataType());
    INDArray output = Nd4j.zeros(input.dataType(), 2, 12);
    dropout.applyDropout(input, output, 5, 0, LayerWorkspaceMgr.noWorkspaces());
    float[] mask = SeededDropout.mask(0.25, 9, FC2, 5, 24);
    float[] in = input.dup('c').data().asFloat();
    float[] out = output.dup('c').data().asFloat();
    for (int i = 0; i < 24; i++) {
      assertEquals(in[i] * mask[i], out[i], 1e-6, "output " + i);
    }
    INDArray gradOut = Nd4j.ones(input.dataType(), 2, 12).muli(3);
    INDArray gradIn = Nd4j.zeros(input.dataType(), 2, 12);
    float[] back =
        dropout.backprop(gradOut, gradIn, 5, 0).dup('c').data().asFloat();
    for (int i = 0; i < 24; i++) {
      assertEquals(3 * mask[i], back[i], 1e-6, "gradient " + i);
    }
  }

  /**
   * In a real DL4J step on one image, fc1's weight gradient is x_i·δ_j: zero in exactly the rows
   * of the inputs the mask of (model seed, fc1, step) drops (tanh makes every x_i non-zero), and
   * likewise for fc2. After one step the next gradient follows the mask of step 1: DL4J's
   * iteration counter advances with each minibatch.
   */
  @Test
  void dl4jAppliesTheSeededMaskOfEachStep() {
    TrainSpec spec = spec(new Architecture(Activation.TANH, Pooling.MAX, 0.5), 11);
    MultiLayerNetwork network =
        LeNet5.create(
            LeNet5.configuration(spec, new Sgd(0.1), l -> new SeededDropout(0.5, 11, l)),
            InitialWeights.draw(spec.init(), 11));
    INDArray x = Dl4jTrainer.batch(DATA, new int[] {0, 1}, 0, 1);
    INDArray y = Dl4jTrainer.labels(DATA, new int[] {0, 1}, 0, 1);
    for (int step = 0; step < 2; step++) {
      network.setInput(x);
      network.setLabels(y);
      network.computeGradientAndScore();
      assertZeroRowsAreDropped(network, FC1, 256, 120, step);
      assertZeroRowsAreDropped(network, FC2, 120, 84, step);
      network.fit(x, y);
    }
  }

  @Test
  void trainingWithDropoutIsReproducibleAndDiffersFromTrainingWithout() {
    TrainSpec dropping = spec(new Architecture(Activation.RELU, Pooling.MAX, 0.5), 3);
    TrainOutcome first = new Dl4jTrainer().train(dropping, DATA, 1);
    TrainOutcome second = new Dl4jTrainer().train(dropping, DATA, 1);
    assertArrayEquals(first.epochLoss(), second.epochLoss(), 0.0);
    assertArrayEquals(params(first), params(second), 0f);
    TrainOutcome without = new Dl4jTrainer().train(spec(Architecture.LENET5, 3), DATA, 1);
    assertFalse(Arrays.equals(params(first), params(without)));
  }

  /**
   * Without dropout no layer has any, in training or published, so a default model trains and
   * publishes exactly as before; with it, the published zip holds DL4J's stock dropout at the same
   * rate (the retain probability 1 − rate), loadable by any DL4J code.
   */
  @Test
  void dropoutIsOnlyWhereTheArchitectureAsksForIt() {
    TrainSpec plain = spec(Architecture.LENET5, 3);
    for (MultiLayerConfiguration conf :
        new MultiLayerConfiguration[] {
          LeNet5.configuration(plain, new Sgd(0.1)),
          LeNet5.configuration(plain, new Sgd(0.1), l -> new SeededDropout(0.5, 3, l))
        }) {
      for (int layer = 0; layer < LeNet5.LAYERS.size(); layer++) {
        assertNull(conf.getConf(layer).getLayer().getIDropout(), "layer " + layer);
      }
    }
    TrainSpec dropping = spec(new Architecture(Activation.RELU, Pooling.MAX, 0.3), 3);
    MultiLayerConfiguration published =
        MultiLayerConfiguration.fromJson(new Dl4jTrainer().train(dropping, DATA, 1).network()
            .getLayerWiseConfigurations().toJson());
    var fc1 = (org.deeplearning4j.nn.conf.dropout.Dropout)
        ((BaseLayer) published.getConf(FC1).getLayer()).getIDropout();
    assertEquals(0.7, fc1.getP(), 1e-12);
    assertNull(published.getConf(LeNet5.LAYERS.indexOf("logits")).getLayer().getIDropout());
  }

  private static void assertZeroRowsAreDropped(
      MultiLayerNetwork network, int layer, int inputs, int outputs, int step) {
    float[] mask = SeededDropout.mask(0.5, 11, layer, step, inputs);
    float[] gradient =
        network.gradient().getGradientFor(layer + "_W").dup('c').data().asFloat();
    for (int i = 0; i < inputs; i++) {
      boolean zeroRow = true;
      for (int j = 0; j < outputs; j++) {
        zeroRow &= gradient[i * outputs + j] == 0f;
      }
      assertEquals(mask[i] == 0f, zeroRow, "layer " + layer + ", step " + step + ", input " + i);
    }
  }

  private static long countSame(float[] a, float[] b) {
    long same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return same;
  }

  private static float[] params(TrainOutcome outcome) {
    return outcome.network().params().dup('c').data().asFloat();
  }

  private static TrainSpec spec(Architecture architecture, long seed) {
    return new TrainSpec(
        Optimizer.SGD, 0.05, 0, 1, seed, InitScheme.DEFAULT, 16, DATA.fingerprint(), architecture);
  }
}
