package io.robustatlas.ensemble;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.ReweightablePredictor;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.noise.WeightNoise;
import io.robustatlas.robustness.SoftmaxStats;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The members of one model's ensembles: member 0 is the model itself, member k (1 ≤ k ≤ copies) is
 * its weight-noise copy k − 1 at level α, each layer perturbed by noise scaled by its own std
 * ({@link WeightNoise}), seeded as the robustness stage's weight copies. All members run through
 * one {@link ReweightablePredictor} on the fast engine; each predicts a whole image set at once.
 */
final class Members {
  private final ReweightablePredictor predictor;
  private final List<LeNetParameters> params = new ArrayList<>();

  Members(
      MultiLayerNetwork network,
      EngineKind engine,
      int threads,
      int copies,
      double alpha,
      long runSeed,
      String modelId) {
    this.predictor = Engines.reweightable(engine, network, threads);
    LeNetParameters clean = LeNetParameters.of(network);
    WeightNoise noise = new WeightNoise(clean);
    params.add(clean);
    for (int k = 0; k < copies; k++) {
      params.add(noise.copy(alpha, NoiseSeeds.weightCopySeed(runSeed, modelId, alpha, k)));
    }
  }

  /** Members, the model itself included. */
  int count() {
    return params.size();
  }

  /**
   * What every member says about {@code count} images.
   *
   * @param labels per member, the predicted label of each image
   * @param probs per member, {@code count × 10} softmax probabilities
   * @param nanos per member, the wall time of its inference (forward passes, softmax, argmax)
   */
  record Outputs(int[][] labels, float[][] probs, long[] nanos) {}

  Outputs predict(float[] images, int count) {
    int members = params.size();
    int[][] labels = new int[members][count];
    float[][] probs = new float[members][count * LeNet5.CLASSES];
    long[] nanos = new long[members];
    float[] logits = new float[count * LeNet5.CLASSES];
    double[] row = new double[LeNet5.CLASSES];
    for (int m = 0; m < members; m++) {
      predictor.load(params.get(m));
      long start = System.nanoTime();
      predictor.logits(images, count, logits);
      for (int i = 0; i < count; i++) {
        labels[m][i] = BatchPredictor.argmax(logits, i, LeNet5.CLASSES);
        SoftmaxStats.softmax(logits, i * LeNet5.CLASSES, LeNet5.CLASSES, row);
        for (int c = 0; c < LeNet5.CLASSES; c++) {
          probs[m][i * LeNet5.CLASSES + c] = (float) row[c];
        }
      }
      nanos[m] = System.nanoTime() - start;
    }
    return new Outputs(labels, probs, nanos);
  }
}
