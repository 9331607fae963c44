package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import io.robustatlas.testing.IdxFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's predictor computes logits from fc2 and the output weights: they must be DL4J's own. */
class Dl4jPredictorTest {
  private static final LabeledImages DATA = IdxFixtures.synthetic(4, 28, 28, 7);

  @Test
  void softmaxOfTheLogitsIsDl4jsOutputLayer() {
    MultiLayerNetwork network =
        LeNet5.create(
            new TrainSpec(Optimizer.ADAM, 0.01, 0, 1, 3, InitScheme.DEFAULT, 64, "fp"));
    float[] images = new float[4 * LeNet5.INPUT_SIZE];
    for (int i = 0; i < 4; i++) {
      DATA.copyImage(i, images, i * LeNet5.INPUT_SIZE);
    }
    float[] logits = new float[4 * LeNet5.CLASSES];
    Engines.predictor(EngineKind.DL4J, network, 1).logits(images, 4, logits);
    float[] probs = network.output(Nd4j.create(images, new long[] {4, 784}, 'c')).data().asFloat();
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
