package io.robustatlas.robustness;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.BatchSource;
import io.robustatlas.model.LeNet5;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.noise.NoiseSeeds;

/**
 * The hot loop of the stage for input noise: runs the noisy copies of one clean sample through the
 * predictor in batches, the predictor making each block of copies on the thread that predicts it
 * ({@link BatchSource}), and counts unchanged predictions, flips and KL divergence as it goes. The
 * logits buffer is allocated once per task and reused for every pair; the noise of copy k depends
 * only on (pair seed, k), so neither the batch size nor the thread count changes a result.
 */
public final class NoisyCopies {
  private final BatchPredictor predictor;
  private final int batchCopies;
  private final float[] logits;

  /** @param batchCopies copies per predictor call; any value gives the same results */
  public NoisyCopies(BatchPredictor predictor, int batchCopies) {
    this.predictor = predictor;
    this.batchCopies = batchCopies;
    this.logits = new float[batchCopies * LeNet5.CLASSES];
  }

  /**
   * @param image the clean sample, 784 floats in [0, 1]
   * @param cleanLogits the clean sample's 10 logits
   * @param pairSeed from {@link NoiseSeeds#pairSeed}
   */
  public PairStats measure(
      float[] image, float[] cleanLogits, InputNoise noise, int copies, long pairSeed) {
    CopyCounts counts = new CopyCounts(1, cleanLogits);
    for (int first = 0; first < copies; first += batchCopies) {
      int count = Math.min(batchCopies, copies - first);
      predictor.logits(noise.copiesOf(image, pairSeed, first), count, logits);
      for (int k = 0; k < count; k++) {
        counts.add(0, logits, k);
      }
    }
    return counts.stats(0, copies);
  }
}
