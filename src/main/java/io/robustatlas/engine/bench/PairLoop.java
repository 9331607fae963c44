package io.robustatlas.engine.bench;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.model.LeNet5;
import io.robustatlas.robustness.GaussianNoise;
import io.robustatlas.robustness.NoiseSeeds;

/**
 * The robustness stage's inner loop as {@code NoisyCopies} runs it, timed in parts: per pair, all
 * copies x + σ·ε in one batch (noise from {@link GaussianNoise} with the stage's seeds, unclipped),
 * one {@link BatchPredictor#logits} call, argmax and counting. Buffers are allocated once.
 */
final class PairLoop {
  static final double SIGMA = 0.9;
  private static final long RUN_SEED = 42;

  private final LabeledImages samples;
  private final int copies;
  private final String modelId;
  private final float[] batch;
  private final float[] logits;

  /**
   * Time and counts of a run.
   *
   * @param unchanged copies predicted as the clean image's class by the same engine
   */
  record Timing(int pairs, long images, long noiseNanos, long predictNanos, long unchanged) {
    Timing plus(Timing other) {
      return new Timing(
          pairs + other.pairs,
          images + other.images,
          noiseNanos + other.noiseNanos,
          predictNanos + other.predictNanos,
          unchanged + other.unchanged);
    }

    double imagesPerSecond() {
      return images / (predictNanos / 1e9);
    }

    double pairMillis() {
      return (noiseNanos + predictNanos) / 1e6 / pairs;
    }

    double noiseShare() {
      return (double) noiseNanos / (noiseNanos + predictNanos);
    }
  }

  PairLoop(LabeledImages samples, int copies, String modelId) {
    this.samples = samples;
    this.copies = copies;
    this.modelId = modelId;
    this.batch = new float[copies * LeNet5.INPUT_SIZE];
    this.logits = new float[copies * LeNet5.CLASSES];
  }

  /** Pairs {@code first .. first + pairs - 1}: sample {@code p} with its pair seed. */
  Timing run(BatchPredictor predictor, int first, int pairs) {
    long noise = 0;
    long predict = 0;
    long unchanged = 0;
    float[] clean = new float[LeNet5.CLASSES];
    for (int p = first; p < first + pairs; p++) {
      float[] image = samples.image(p);
      predictor.logits(image, 1, clean);
      int cleanClass = BatchPredictor.argmax(clean, 0, LeNet5.CLASSES);
      long start = System.nanoTime();
      makeCopies(image, NoiseSeeds.pairSeed(RUN_SEED, modelId, p, SIGMA));
      long made = System.nanoTime();
      predictor.logits(batch, copies, logits);
      long predicted = System.nanoTime();
      unchanged += countClass(cleanClass);
      noise += made - start;
      predict += predicted - made;
    }
    return new Timing(pairs, (long) pairs * copies, noise, predict, unchanged);
  }

  private void makeCopies(float[] image, long pairSeed) {
    GaussianNoise.fill(pairSeed, 0, copies, LeNet5.INPUT_SIZE, batch, 0);
    float sigma = (float) SIGMA;
    for (int k = 0; k < copies; k++) {
      int base = k * LeNet5.INPUT_SIZE;
      for (int p = 0; p < LeNet5.INPUT_SIZE; p++) {
        batch[base + p] = image[p] + sigma * batch[base + p];
      }
    }
  }

  private int countClass(int target) {
    int count = 0;
    for (int k = 0; k < copies; k++) {
      if (BatchPredictor.argmax(logits, k, LeNet5.CLASSES) == target) {
        count++;
      }
    }
    return count;
  }
}
