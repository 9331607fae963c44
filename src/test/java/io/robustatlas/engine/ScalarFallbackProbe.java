package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;

/**
 * Run by {@link EnginesTest} in a JVM started without {@code jdk.incubator.vector}: resolves the
 * engines, predicts a few images with the automatic choice and prints what happened, one fact a
 * line.
 */
final class ScalarFallbackProbe {
  private ScalarFallbackProbe() {}

  public static void main(String[] args) {
    System.out.println("auto=" + Engines.resolve(EngineKind.AUTO));
    try {
      Engines.resolve(EngineKind.VECTOR);
      System.out.println("vector=accepted");
    } catch (IllegalStateException e) {
      System.out.println("vector=" + e.getMessage());
    }
    float[] logits = new float[3 * LeNet5.CLASSES];
    Engines.predictor(EngineKind.AUTO, RandomLeNet.weights(5), 2)
        .logits(RandomLeNet.noisyImages(3, 0.9, 17), 3, logits);
    System.out.println("logit0=" + logits[0]);
  }
}
