package io.robustatlas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.DataConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.LaneStepper;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.InitialWeights;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The lane trainer (vector and scalar engines) against DL4J's trainer, the reference ({@link
 * Dl4jTrainerTest} checks it against PyTorch's rules): from the same initial parameters and batch
 * order, one step of SGD and of Adam with weight decay gives the same parameters and the same loss;
 * training is the same bits with 1, 2 or 3 threads; a huge learning rate is reported as divergence.
 * Real MNIST images, so pooling windows hold the ties of a blank background.
 */
class LaneTrainerTest {
  private static final LabeledImages DATA =
      new IdxReader(new Configuration())
          .read(DataConfig.TRAIN_IMAGES_DEFAULT, DataConfig.TRAIN_LABELS_DEFAULT, 300);
  /** Not a multiple of 16 nor of a SIMD width: a partial unit and a partial block. */
  private static final int BATCH = 41;

  private static final double LR = 0.01;
  private static final double L2 = 0.05;

  private static TrainSpec spec(Optimizer optimizer, double lr, double l2, int batch) {
    return new TrainSpec(optimizer, lr, l2, 1, 7, InitScheme.KAIMING, batch, DATA.fingerprint());
  }

  static Stream<Arguments> enginesAndOptimizers() {
    return Stream.of(EngineKind.VECTOR, EngineKind.SCALAR)
        .flatMap(e -> Stream.of(Optimizer.values()).map(o -> Arguments.of(e, o)));
  }

  /**
   * Tolerance: 1e-5 relative to max(|p|, 0.01). The engines sum the gradient's products in
   * another order than DL4J, so the gradients differ by float rounding, about 1e-6 of the
   * cross-entropy gradient's size; a step moves a parameter by lr·g (SGD) or by about lr (Adam's
   * first step, lr·g/(|g| + ε)), so rounding moves the result by far less than 1e-7. A wrong
   * gradient (a layout, pooling or ReLU mistake) or a wrong rule moves parameters by a good part of
   * the step, 1e-3 or more with lr 0.01. The floor 0.01 keeps parameters near zero from needing
   * bit-exact agreement.
   *
   * <p>One exception, Adam's ε regime: where the cross-entropy gradient and the weight decay
   * nearly cancel, |g| is near ε and the step lr·g/(|g| + ε) changes by lr·ε·δg/(|g| + ε)² for a
   * rounding difference δg; with δg = 1e-5·|g_ce| that is added to the bound (measured: one fc1
   * weight with g_ce 1.04e-3, l2·p −1.04e-3, g −1.0e-6 moves by 1.9e-7 between the engines).
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("enginesAndOptimizers")
  void oneStepMatchesDl4j(EngineKind engine, Optimizer optimizer) {
    TrainSpec spec = spec(optimizer, LR, L2, BATCH);
    LeNetParameters initial = InitialWeights.draw(spec.init(), spec.seed());
    MultiLayerNetwork reference = LeNet5.create(spec, Dl4jTrainer.updater(spec), initial);
    int[] order = EpochOrder.of(spec.seed(), 0, DATA.count());
    INDArray x = Dl4jTrainer.batch(DATA, order, 0, BATCH);
    INDArray y = Dl4jTrainer.labels(DATA, order, 0, BATCH);
    float[] start = reference.params().dup('c').data().asFloat();
    MultiLayerNetwork oracle =
        LeNet5.create(spec(optimizer, 1, 0, BATCH), new Sgd(1), initial);
    float[] crossEntropyGradient =
        Dl4jTrainerTest.meanCrossEntropyGradient(oracle, start, x, y);
    double expectedLoss = Dl4jTrainer.step(reference, x, y);
    LaneStepper stepper = LaneStepper.create(engine, spec, initial, 2);
    double loss = stepper.step(DATA, order, 0, BATCH);
    // the loss of a batch, about 2.3, summed in double from float logits: 1e-5 relative.
    assertEquals(expectedLoss, loss, 1e-5 * expectedLoss, "loss");
    float[] expected = reference.params().dup('c').data().asFloat();
    // In DL4J's flat order, the oracle gradient's, through a network holding the parameters.
    float[] actual =
        LeNet5.create(spec, Dl4jTrainer.updater(spec), stepper.parameters())
            .params()
            .dup('c')
            .data()
            .asFloat();
    for (int i = 0; i < actual.length; i++) {
      double g = crossEntropyGradient[i] + (float) L2 * start[i];
      double bound = 1e-5 * Math.max(Math.abs(expected[i]), 0.01);
      if (optimizer == Optimizer.ADAM) {
        double e = 1e-8;
        bound += LR * e * 1e-5 * Math.abs(crossEntropyGradient[i]) / Math.pow(Math.abs(g) + e, 2);
      }
      assertEquals(expected[i], actual[i], bound, engine + " " + optimizer + " param " + i);
    }
  }

  /** The same model, bit for bit, whatever the number of threads (units summed in a fixed order). */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("enginesAndOptimizers")
  void sameBitsWithOneTwoOrThreeThreads(EngineKind engine, Optimizer optimizer) {
    TrainSpec spec = spec(optimizer, 0.01, 0.01, 37);
    TrainOutcome one = new LaneTrainer(engine).train(spec, DATA, 1);
    for (int threads : new int[] {2, 3}) {
      TrainOutcome more = new LaneTrainer(engine).train(spec, DATA, threads);
      assertArrayEquals(one.epochLoss(), more.epochLoss(), 0.0, threads + " threads");
      assertArrayEquals(
          one.network().params().data().asFloat(),
          more.network().params().data().asFloat(),
          0f,
          threads + " threads");
    }
    assertFalse(one.diverged());
  }

  @ParameterizedTest
  @MethodSource("lanes")
  void hugeLearningRateDivergesIntoAFlagNotACrash(EngineKind engine) {
    TrainOutcome outcome = new LaneTrainer(engine).train(spec(Optimizer.SGD, 1e6, 0, 32), DATA, 2);
    assertTrue(outcome.diverged());
    assertFalse(Double.isFinite(outcome.epochLoss()[outcome.epochLoss().length - 1]));
  }

  static Stream<EngineKind> lanes() {
    return Stream.of(EngineKind.VECTOR, EngineKind.SCALAR);
  }

  @Test
  void autoIsALaneEngineForLeNet5AndDl4jForTheOtherVariants() {
    EngineKind lane = Engines.resolve(EngineKind.AUTO);
    assertEquals(lane, Trainer.engineFor(EngineKind.AUTO, Architecture.LENET5));
    Architecture tanh = new Architecture(Activation.TANH, Pooling.MAX, 0);
    Architecture dropout = new Architecture(Activation.RELU, Pooling.MAX, 0.5);
    assertEquals(EngineKind.DL4J, Trainer.engineFor(EngineKind.AUTO, tanh));
    assertEquals(EngineKind.DL4J, Trainer.engineFor(EngineKind.AUTO, dropout));
    assertThrows(
        IllegalArgumentException.class, () -> Trainer.engineFor(EngineKind.SCALAR, dropout));
    assertTrue(Trainer.of(lane) instanceof LaneTrainer);
    assertTrue(Trainer.of(EngineKind.DL4J) instanceof Dl4jTrainer);
  }
}
