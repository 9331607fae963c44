package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replacing a predictor's parameters: after {@code load(params of B)} it predicts exactly as a
 * predictor built for network B (same engine, same arithmetic, so bit for bit), until the next
 * load; and the network it was made from is never changed. Parameters also survive the trip into a
 * DL4J network and back unchanged.
 */
class ReweightablePredictorTest {
  private static final int COUNT = 37;
  private static final float[] IMAGES = RandomLeNet.noisyImages(COUNT, 0.9, 5);

  private static MultiLayerNetwork network(InitScheme init, long seed) {
    return LeNet5.create(new TrainSpec(Optimizer.ADAM, 0.01, 0, 1, seed, init, 64, "none"));
  }

  private static float[] logits(BatchPredictor predictor) {
    float[] logits = new float[COUNT * LeNet5.CLASSES];
    predictor.logits(IMAGES, COUNT, logits);
    return logits;
  }

  @ParameterizedTest
  @EnumSource(names = {"VECTOR", "SCALAR", "DL4J"})
  void loadedParametersPredictAsAPredictorOfThatNetwork(EngineKind kind) {
    MultiLayerNetwork a = network(InitScheme.KAIMING, 1);
    MultiLayerNetwork b = network(InitScheme.XAVIER, 2);
    float[] aBefore = a.params().dup().data().asFloat();
    ReweightablePredictor predictor = Engines.reweightable(kind, a, 2);
    assertArrayEquals(logits(Engines.predictor(kind, a, 2)), logits(predictor), "starts as A");
    predictor.load(LeNetParameters.of(b));
    assertArrayEquals(logits(Engines.predictor(kind, b, 2)), logits(predictor), "B loaded");
    assertArrayEquals(logits(Engines.predictor(kind, b, 2)), logits(predictor), "B stays");
    predictor.load(LeNetParameters.of(a));
    assertArrayEquals(logits(Engines.predictor(kind, a, 2)), logits(predictor), "A again");
    assertArrayEquals(aBefore, a.params().data().asFloat(), "the network itself is untouched");
  }

  @Test
  void parametersSurviveTheTripIntoDl4jAndBack() {
    MultiLayerNetwork target = network(InitScheme.KAIMING, 1);
    LeNetParameters source = LeNetParameters.of(network(InitScheme.DEFAULT, 3));
    source.copyInto(target);
    LeNetParameters back = LeNetParameters.of(target);
    long count = 0;
    for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
      assertArrayEquals(source.weights().get(layer), back.weights().get(layer));
      assertArrayEquals(source.biases().get(layer), back.biases().get(layer));
      count += source.weights().get(layer).length + source.biases().get(layer).length;
    }
    // Every parameter is covered: 156 + 2,416 + 30,840 + 10,164 + 850 (conv1, conv2, fc1, fc2,
    // logits: weights + biases of 6·25, 16·150, 120·256, 84·120, 10·84).
    assertEquals(44_426, count);
    assertEquals(count, target.numParams());
  }
}
