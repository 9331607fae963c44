package io.robustatlas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.InitialWeights;
import io.robustatlas.model.LeNet5;
import io.robustatlas.testing.IdxFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The DL4J reference trainer against PyTorch's rules worked out here, independently of DL4J's
 * regularisation and updater code: {@code weight_decay} adds l2·p to every parameter's gradient
 * (biases included) before SGD or Adam, and the recorded loss is the mean cross-entropy alone.
 * Only the cross-entropy gradient comes from DL4J (the reference library), read with weight decay
 * off through {@code computeGradientAndScore} (which sums over the batch: divided here by N).
 */
class Dl4jTrainerTest {
  private static final LabeledImages DATA = IdxFixtures.synthetic(256, 28, 28, 7);
  private static final int BATCH = 8;
  private static final double LR = 0.01;
  private static final double L2 = 0.1;

  private static TrainSpec spec(Optimizer optimizer, double learningRate, double l2, long seed) {
    return new TrainSpec(
        optimizer, learningRate, l2, 1, seed, InitScheme.DEFAULT, BATCH, DATA.fingerprint());
  }

  /**
   * Two steps from the drawn initial weights on two batches. Step 1's expectation starts from the
   * initial parameters; step 2's from the parameters DL4J reached (so rounding of step 1 does not
   * cascade into step 2's gradient), with the optimizer state carried in double. The decayed
   * gradient g + l2·p is formed in float32, as the library does and as PyTorch's float32 {@code
   * weight_decay} does: where the two terms nearly cancel, Adam's step depends on the last bits of
   * their float sum (it is near ε), so a double sum would test rounding, not the rule. Tolerance:
   * 2e-6 absolute, a few float ulps of parameters of order 0.1; one step's weight decay moves a
   * parameter by l2·p·lr ≈ 1e-4, and DL4J's stock Adam (ε before the bias correction) misses by
   * far more wherever |g| is below about 1e-5.
   */
  @ParameterizedTest
  @EnumSource(Optimizer.class)
  void twoStepsFollowPyTorchsWeightDecayAndUpdateRule(Optimizer optimizer) {
    TrainSpec spec = spec(optimizer, LR, L2, 5);
    MultiLayerNetwork trained =
        LeNet5.create(spec, Dl4jTrainer.updater(spec), InitialWeights.draw(spec.init(), 5));
    MultiLayerNetwork oracle =
        LeNet5.create(spec(optimizer, 1, 0, 5), new Sgd(1), InitialWeights.draw(spec.init(), 5));
    int[] order = EpochOrder.of(5, 0, DATA.count());
    PyTorchRule rule = new PyTorchRule(optimizer, (int) trained.numParams());
    for (int step = 0; step < 2; step++) {
      INDArray x = Dl4jTrainer.batch(DATA, order, step * BATCH, BATCH);
      INDArray y = Dl4jTrainer.labels(DATA, order, step * BATCH, BATCH);
      float[] start = trained.params().dup('c').data().asFloat();
      double[] expected = rule.step(start, meanCrossEntropyGradient(oracle, start, x, y));
      Dl4jTrainer.step(trained, x, y);
      float[] actual = trained.params().dup('c').data().asFloat();
      for (int i = 0; i < actual.length; i++) {
        assertEquals(expected[i], actual[i], 2e-6, optimizer + " step " + (step + 1) + " param " + i);
      }
    }
  }

  /** With weight decay on, a step's loss is still the batch's mean cross-entropy, by hand. */
  @Test
  void lossIsTheMeanCrossEntropyAlone() {
    TrainSpec spec = spec(Optimizer.ADAM, LR, 0.5, 3);
    MultiLayerNetwork network =
        LeNet5.create(spec, Dl4jTrainer.updater(spec), InitialWeights.draw(spec.init(), 3));
    int[] order = EpochOrder.of(3, 0, DATA.count());
    INDArray x = Dl4jTrainer.batch(DATA, order, 0, BATCH);
    INDArray y = Dl4jTrainer.labels(DATA, order, 0, BATCH);
    float[] probabilities = network.output(x).data().asFloat();
    float[] labels = y.data().asFloat();
    double crossEntropy = 0;
    for (int i = 0; i < probabilities.length; i++) {
      crossEntropy -= labels[i] * Math.log(probabilities[i]);
    }
    // float softmax outputs: 1e-5 relative to a loss of about 2.3.
    assertEquals(crossEntropy / BATCH, Dl4jTrainer.step(network, x, y), 3e-5);
  }

  @Test
  void sameSpecTrainsBitIdenticalNetworks() {
    for (InitScheme init : InitScheme.values()) {
      TrainSpec spec =
          new TrainSpec(Optimizer.ADAM, 0.01, 0.01, 1, 3, init, 64, DATA.fingerprint());
      TrainOutcome first = new Dl4jTrainer().train(spec, DATA, 1);
      TrainOutcome second = new Dl4jTrainer().train(spec, DATA, 1);
      assertArrayEquals(first.epochLoss(), second.epochLoss(), 0.0, init.toString());
      assertArrayEquals(
          first.network().params().data().asFloat(),
          second.network().params().data().asFloat(),
          0f,
          init.toString());
    }
  }

  @Test
  void hugeLearningRateDivergesIntoAFlagNotACrash() {
    TrainOutcome outcome = new Dl4jTrainer().train(spec(Optimizer.SGD, 1e6, 0, 3), DATA, 1);
    assertTrue(outcome.diverged());
    assertFalse(Double.isFinite(outcome.epochLoss()[outcome.epochLoss().length - 1]));
  }

  /** The gradient of the batch's mean cross-entropy at {@code parameters}, weight decay off. */
  static float[] meanCrossEntropyGradient(
      MultiLayerNetwork oracle, float[] parameters, INDArray x, INDArray y) {
    oracle.setParams(Nd4j.create(parameters, new long[] {1, parameters.length}, 'c'));
    oracle.setInput(x);
    oracle.setLabels(y);
    oracle.computeGradientAndScore();
    float[] mean = oracle.gradient().gradient().dup('c').data().asFloat();
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= x.size(0);
    }
    return mean;
  }

  /** PyTorch's SGD (no momentum) and Adam with weight_decay, in double, from their docs. */
  private static final class PyTorchRule {
    private final Optimizer optimizer;
    private final double[] m;
    private final double[] v;
    private int t;

    PyTorchRule(Optimizer optimizer, int size) {
      this.optimizer = optimizer;
      this.m = new double[size];
      this.v = new double[size];
    }

    /** The parameters after one step from {@code p} with the mean cross-entropy gradient. */
    double[] step(float[] p, float[] crossEntropyGradient) {
      t++;
      double[] next = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        double g = crossEntropyGradient[i] + (float) L2 * p[i];
        if (optimizer == Optimizer.SGD) {
          next[i] = p[i] - LR * g;
        } else {
          m[i] = 0.9 * m[i] + 0.1 * g;
          v[i] = 0.999 * v[i] + 0.001 * g * g;
          double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
          next[i] = p[i] - LR / (1 - Math.pow(0.9, t)) * m[i] / denominator;
        }
      }
      return next;
    }
  }
}
