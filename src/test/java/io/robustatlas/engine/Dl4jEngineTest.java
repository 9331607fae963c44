package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import io.robustatlas.testing.IdxFixtures;
import org.junit.jupiter.api.Test;

/** Real DL4J training on a small synthetic set: reproducible, and divergence is a flag. */
class Dl4jEngineTest {
  private static final LabeledImages DATA = IdxFixtures.synthetic(256, 28, 28, 7);

  private static TrainSpec spec(Optimizer optimizer, double learningRate, InitScheme init) {
    return new TrainSpec(optimizer, learningRate, 0, 1, 3, init, 64, DATA.fingerprint());
  }

  @Test
  void sameSpecTrainsBitIdenticalNetworks() {
    for (InitScheme init : InitScheme.values()) {
      TrainSpec spec = spec(Optimizer.ADAM, 0.01, init);
      TrainOutcome first = new Dl4jEngine().train(spec, DATA, 1);
      TrainOutcome second = new Dl4jEngine().train(spec, DATA, 1);
      assertArrayEquals(first.epochLoss(), second.epochLoss(), 0.0, init.toString());
      assertArrayEquals(
          first.network().params().data().asFloat(),
          second.network().params().data().asFloat(),
          0f,
          init.toString());
    }
  }

  @Test
  void seedsGiveDifferentNetworks() {
    TrainSpec spec = spec(Optimizer.SGD, 0.01, InitScheme.XAVIER);
    TrainSpec other =
        new TrainSpec(Optimizer.SGD, 0.01, 0, 1, 4, InitScheme.XAVIER, 64, DATA.fingerprint());
    float[] a = LeNet5.create(spec).params().data().asFloat();
    float[] b = LeNet5.create(other).params().data().asFloat();
    assertFalse(java.util.Arrays.equals(a, b));
  }

  @Test
  void hugeLearningRateDivergesIntoAFlagNotACrash() {
    TrainOutcome outcome = new Dl4jEngine().train(spec(Optimizer.SGD, 1e6, InitScheme.KAIMING), DATA, 1);
    assertTrue(outcome.diverged());
    assertFalse(Double.isFinite(outcome.epochLoss()[outcome.epochLoss().length - 1]));
  }

  @Test
  void logitsAgreeWithDl4jSoftmaxOutput() {
    var network = LeNet5.create(spec(Optimizer.ADAM, 0.01, InitScheme.DEFAULT));
    float[] images = new float[4 * LeNet5.INPUT_SIZE];
    for (int i = 0; i < 4; i++) {
      DATA.copyImage(i, images, i * LeNet5.INPUT_SIZE);
    }
    float[] logits = new float[4 * LeNet5.CLASSES];
    new Dl4jEngine().predictor(network, 1).logits(images, 4, logits);
    float[] probs =
        network.output(org.nd4j.linalg.factory.Nd4j.create(images, new long[] {4, 784}, 'c'))
            .data().asFloat();
    for (int i = 0; i < 4; i++) {
      double sum = 0;
      for (int c = 0; c < 10; c++) {
        sum += Math.exp(logits[i * 10 + c]);
      }
      for (int c = 0; c < 10; c++) {
        // softmax of our logits must equal DL4J's own output layer; 1e-5 is float rounding.
        assertEquals(probs[i * 10 + c], Math.exp(logits[i * 10 + c]) / sum, 1e-5);
      }
    }
  }
}
