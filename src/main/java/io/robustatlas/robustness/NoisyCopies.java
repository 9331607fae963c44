package io.robustatlas.robustness;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.BatchSource;
import io.robustatlas.model.LeNet5;

/**
 * The hot loop of the stage: runs the noisy copies x + σ·ε of one clean sample through the
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
      float[] image, float[] cleanLogits, double sigma, int copies, boolean clip, long pairSeed) {
    int cleanPrediction = BatchPredictor.argmax(cleanLogits, 0, LeNet5.CLASSES);
    int[] flips = new int[LeNet5.CLASSES];
    double klSum = 0;
    for (int first = 0; first < copies; first += batchCopies) {
      int count = Math.min(batchCopies, copies - first);
      predictor.logits(copiesOf(image, (float) sigma, clip, pairSeed, first), count, logits);
      for (int k = 0; k < count; k++) {
        flips[BatchPredictor.argmax(logits, k, LeNet5.CLASSES)]++;
        klSum +=
            SoftmaxStats.klFromLogits(
                cleanLogits, 0, logits, k * LeNet5.CLASSES, LeNet5.CLASSES);
      }
    }
    return new PairStats(copies, flips[cleanPrediction], klSum / copies, flips);
  }

  /**
   * The batch of copies {@code firstCopy, firstCopy + 1, ...} of {@code image}: x + σ·ε, clipped to
   * [0, 1] if asked. Copy k's noise depends only on (pair seed, k), so any thread can make any
   * range of copies, in any order, with the same result.
   */
  public static BatchSource copiesOf(
      float[] image, float sigma, boolean clip, long pairSeed, int firstCopy) {
    int size = LeNet5.INPUT_SIZE;
    return (first, count, out, offset) -> {
      GaussianNoise.fill(pairSeed, firstCopy + first, count, size, out, offset);
      for (int k = 0; k < count; k++) {
        int base = offset + k * size;
        for (int p = 0; p < size; p++) {
          float value = image[p] + sigma * out[base + p];
          out[base + p] = clip ? Math.min(1f, Math.max(0f, value)) : value;
        }
      }
    };
  }
}
