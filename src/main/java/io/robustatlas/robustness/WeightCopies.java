package io.robustatlas.robustness;

import io.robustatlas.engine.ReweightablePredictor;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.noise.WeightNoise;

/**
 * The loop of the stage for weight noise: perturbed copy k of the model is built once ({@link
 * WeightNoise}) and predicts all of the model's selected samples in one batch (the samples sit in
 * the engine's lanes and share the copy's weights), and each sample's unchanged, flip and KL counts
 * grow copy by copy. Copy k is seeded per (run, model, α, k) without the sample, so it is the same
 * network for every sample: N perturbed networks evaluated on all inputs, which makes the ratios of
 * a model's samples comparable.
 */
final class WeightCopies {
  private final ReweightablePredictor predictor;
  private final WeightNoise noise;

  /**
   * @param predictor predicts with whatever parameters it was last given; this class loads each
   *     copy's
   * @param clean the model's own parameters
   */
  WeightCopies(ReweightablePredictor predictor, LeNetParameters clean) {
    this.predictor = predictor;
    this.noise = new WeightNoise(clean);
  }

  /**
   * @param images the selected samples, {@code samples × 784} floats
   * @param cleanLogits their clean logits, {@code samples × 10}
   * @return per sample, its statistics over the {@code copies} perturbed copies
   */
  PairStats[] measure(
      float[] images,
      float[] cleanLogits,
      int samples,
      double alpha,
      int copies,
      long runSeed,
      String modelId) {
    CopyCounts counts = new CopyCounts(samples, cleanLogits);
    float[] logits = new float[samples * LeNet5.CLASSES];
    for (int k = 0; k < copies; k++) {
      predictor.load(noise.copy(alpha, NoiseSeeds.weightCopySeed(runSeed, modelId, alpha, k)));
      predictor.logits(images, samples, logits);
      for (int i = 0; i < samples; i++) {
        counts.add(i, logits, i);
      }
    }
    PairStats[] stats = new PairStats[samples];
    for (int i = 0; i < samples; i++) {
      stats[i] = counts.stats(i, copies);
    }
    return stats;
  }
}
