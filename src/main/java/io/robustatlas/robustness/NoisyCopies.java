package io.robustatlas.robustness;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.model.LeNet5;

/**
 * The hot loop of the stage: makes the noisy copies x + σ·ε of one clean sample in batches, runs
 * them through the predictor, and counts unchanged predictions, flips and KL divergence as it goes.
 * Buffers are allocated once per task and reused for every pair; the noise of copy k depends only
 * on (pair seed, k), so the batch size never changes a result.
 */
final class NoisyCopies {
  private final BatchPredictor predictor;
  private final int batchCopies;
  private final float[] batch;
  private final float[] logits;

  NoisyCopies(BatchPredictor predictor, int batchCopies) {
    this.predictor = predictor;
    this.batchCopies = batchCopies;
    this.batch = new float[batchCopies * LeNet5.INPUT_SIZE];
    this.logits = new float[batchCopies * LeNet5.CLASSES];
  }

  /**
   * @param image the clean sample, 784 floats in [0, 1]
   * @param cleanLogits the clean sample's 10 logits
   * @param pairSeed from {@link NoiseSeeds#pairSeed}
   */
  PairStats measure(
      float[] image, float[] cleanLogits, double sigma, int copies, boolean clip, long pairSeed) {
    int cleanPrediction = BatchPredictor.argmax(cleanLogits, 0, LeNet5.CLASSES);
    int[] flips = new int[LeNet5.CLASSES];
    double klSum = 0;
    for (int first = 0; first < copies; first += batchCopies) {
      int count = Math.min(batchCopies, copies - first);
      makeCopies(image, sigma, clip, pairSeed, first, count);
      predictor.logits(batch, count, logits);
      for (int k = 0; k < count; k++) {
        flips[BatchPredictor.argmax(logits, k, LeNet5.CLASSES)]++;
        klSum +=
            SoftmaxStats.klFromLogits(
                cleanLogits, 0, logits, k * LeNet5.CLASSES, LeNet5.CLASSES);
      }
    }
    return new PairStats(copies, flips[cleanPrediction], klSum / copies, flips);
  }

  private void makeCopies(
      float[] image, double sigma, boolean clip, long pairSeed, int first, int count) {
    int size = LeNet5.INPUT_SIZE;
    GaussianNoise.fill(pairSeed, first, count, size, batch, 0);
    float scale = (float) sigma;
    for (int k = 0; k < count; k++) {
      int base = k * size;
      for (int p = 0; p < size; p++) {
        float value = image[p] + scale * batch[base + p];
        batch[base + p] = clip ? Math.min(1f, Math.max(0f, value)) : value;
      }
    }
  }
}
