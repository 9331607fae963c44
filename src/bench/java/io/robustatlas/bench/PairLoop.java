package io.robustatlas.bench;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.model.LeNet5;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.noise.NoiseKind;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.robustness.NoisyCopies;
import io.robustatlas.robustness.PairStats;

/**
 * The robustness stage's inner loop, run by the stage's own code: per pair, the clean prediction,
 * then {@link NoisyCopies#measure} over all copies in one batch (noise made block by block on the
 * engine's threads, forward passes, argmax, KL and flip counts), unclipped σ = 0.9 with the
 * stage's seeds. Also times making the same noise alone on one thread, to show its share.
 */
final class PairLoop {
  static final double SIGMA = 0.9;
  private static final long RUN_SEED = 42;
  private static final InputNoise NOISE = new InputNoise(NoiseKind.GAUSSIAN, SIGMA, false);

  private final LabeledImages samples;
  private final int copies;
  private final String modelId;
  private final float[] noise;

  /**
   * Time and counts of a run.
   *
   * @param pairNanos the pairs' measure calls: noise, forward passes, counting
   * @param noiseNanos making the same copies alone on one thread
   * @param unchanged copies predicted as the clean image's class by the same engine
   */
  record Timing(int pairs, long images, long pairNanos, long noiseNanos, long unchanged) {
    Timing plus(Timing other) {
      return new Timing(
          pairs + other.pairs,
          images + other.images,
          pairNanos + other.pairNanos,
          noiseNanos + other.noiseNanos,
          unchanged + other.unchanged);
    }

    /** Noisy copies through the whole loop per second. */
    double imagesPerSecond() {
      return images / (pairNanos / 1e9);
    }

    double pairsPerSecond() {
      return pairs / (pairNanos / 1e9);
    }

    double pairMillis() {
      return pairNanos / 1e6 / pairs;
    }

    double noiseMillis() {
      return noiseNanos / 1e6 / pairs;
    }
  }

  PairLoop(LabeledImages samples, int copies, String modelId) {
    this.samples = samples;
    this.copies = copies;
    this.modelId = modelId;
    this.noise = new float[copies * LeNet5.INPUT_SIZE];
  }

  /** Pairs {@code first .. first + pairs - 1}: sample {@code p} with its pair seed. */
  Timing run(BatchPredictor predictor, int first, int pairs) {
    NoisyCopies noisy = new NoisyCopies(predictor, copies);
    long pairNanos = 0;
    long noiseNanos = 0;
    long unchanged = 0;
    float[] clean = new float[LeNet5.CLASSES];
    for (int p = first; p < first + pairs; p++) {
      float[] image = samples.image(p);
      long pairSeed = NoiseSeeds.pairSeed(NoiseKind.GAUSSIAN, RUN_SEED, modelId, p, SIGMA);
      long start = System.nanoTime();
      predictor.logits(image, 1, clean);
      PairStats stats = noisy.measure(image, clean, NOISE, copies, pairSeed);
      long measured = System.nanoTime();
      NOISE.copiesOf(image, pairSeed, 0).write(0, copies, noise, 0);
      noiseNanos += System.nanoTime() - measured;
      pairNanos += measured - start;
      unchanged += stats.unchanged();
    }
    return new Timing(pairs, (long) pairs * copies, pairNanos, noiseNanos, unchanged);
  }
}
