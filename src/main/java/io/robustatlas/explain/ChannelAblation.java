package io.robustatlas.explain;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.BatchSource;
import io.robustatlas.engine.ReweightablePredictor;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.noise.InputNoise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a model loses when one convolution channel is switched off, on its probed samples. A
 * channel is switched off by a weight edit (its kernel and bias zeroed, so its output is exactly
 * zero: {@link LeNetBackprop}), and every forward pass, clean and noisy, runs on the inference
 * engine with the edited parameters. Each sample's noisy copies are the same for the full model
 * and for every ablated one (one seed per sample), so the ratio changes are paired differences,
 * free of the copies' own sampling noise in common.
 */
final class ChannelAblation {
  private final ReweightablePredictor predictor;
  private final LeNetParameters full;
  private final InputNoise noise;
  private final int copies;

  /**
   * @param predictor the engine; parameters are loaded into it for each variant
   * @param full the model's own parameters
   * @param copies noisy copies per sample and variant
   */
  ChannelAblation(
      ReweightablePredictor predictor, LeNetParameters full, InputNoise noise, int copies) {
    this.predictor = predictor;
    this.full = full;
    this.noise = noise;
    this.copies = copies;
  }

  /**
   * One variant of the model on the probed samples: its clean logits and each sample's ratio (the
   * share of noisy copies that keep this variant's own clean prediction).
   */
  record Variant(float[] logits, double[] ratios) {
    int predicted(int sample) {
      return BatchPredictor.argmax(logits, sample, LeNet5.CLASSES);
    }
  }

  /**
   * The full model (index 0) and the model without each channel (index 1 + channel, channels as
   * {@link LeNetBackprop} numbers them).
   *
   * @param images {@code count × 784} floats
   * @param seeds per sample, the root of its noisy copies
   */
  List<Variant> variants(float[] images, int count, long[] seeds) {
    List<Variant> variants = new ArrayList<>();
    variants.add(variant(full, images, count, seeds));
    for (int channel = 0; channel < LeNetBackprop.CHANNELS; channel++) {
      variants.add(variant(without(full, channel), images, count, seeds));
    }
    predictor.load(full);
    return variants;
  }

  /**
   * One variant: its clean logits, then every sample's copies in one batch (the engine makes
   * each block of copies where it predicts it), each copy compared with its sample's clean
   * prediction under this variant. Copy k of a sample depends only on (its seed, k), so these are
   * the copies {@link io.robustatlas.robustness.NoisyCopies} would make, batched differently.
   */
  private Variant variant(LeNetParameters params, float[] images, int count, long[] seeds) {
    predictor.load(params);
    float[] logits = new float[count * LeNet5.CLASSES];
    predictor.logits(images, count, logits);
    float[][] byImage = new float[count][];
    for (int i = 0; i < count; i++) {
      byImage[i] = Arrays.copyOfRange(images, i * LeNet5.INPUT_SIZE, (i + 1) * LeNet5.INPUT_SIZE);
    }
    BatchSource copiesOfAll =
        (first, size, out, offset) -> {
          for (int k = first; k < first + size; ) {
            int sample = k / copies;
            int run = Math.min(first + size, (sample + 1) * copies) - k;
            noise.copiesOf(byImage[sample], seeds[sample], 0)
                .write(k % copies, run, out, offset + (k - first) * LeNet5.INPUT_SIZE);
            k += run;
          }
        };
    float[] noisy = new float[count * copies * LeNet5.CLASSES];
    predictor.logits(copiesOfAll, count * copies, noisy);
    double[] ratios = new double[count];
    for (int i = 0; i < count; i++) {
      int clean = BatchPredictor.argmax(logits, i, LeNet5.CLASSES);
      int unchanged = 0;
      for (int k = i * copies; k < (i + 1) * copies; k++) {
        unchanged += BatchPredictor.argmax(noisy, k, LeNet5.CLASSES) == clean ? 1 : 0;
      }
      ratios[i] = (double) unchanged / copies;
    }
    return new Variant(logits, ratios);
  }

  /** {@code params} with one channel's kernel and bias zeroed (a copy; the others are shared). */
  static LeNetParameters without(LeNetParameters params, int channel) {
    int layer = channel < LeNetBackprop.C1 ? 0 : 1;
    int out = layer == 0 ? channel : channel - LeNetBackprop.C1;
    List<float[]> weights = new ArrayList<>(params.weights());
    List<float[]> biases = new ArrayList<>(params.biases());
    float[] w = weights.get(layer).clone();
    float[] b = biases.get(layer).clone();
    int taps = w.length / b.length;
    Arrays.fill(w, out * taps, (out + 1) * taps, 0f);
    b[out] = 0f;
    weights.set(layer, w);
    biases.set(layer, b);
    return new LeNetParameters(weights, biases);
  }

  /** Sample {@code i}'s mean absolute logit error with each channel off, per channel. */
  static double[] sampleErrors(List<Variant> variants, int i) {
    double[] errors = new double[LeNetBackprop.CHANNELS];
    float[] full = variants.get(0).logits();
    for (int c = 0; c < errors.length; c++) {
      float[] ablated = variants.get(c + 1).logits();
      double sum = 0;
      for (int k = i * LeNet5.CLASSES; k < (i + 1) * LeNet5.CLASSES; k++) {
        sum += Math.abs(ablated[k] - full[k]);
      }
      errors[c] = sum / LeNet5.CLASSES;
    }
    return errors;
  }
}
