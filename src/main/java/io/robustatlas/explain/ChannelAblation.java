package io.robustatlas.explain;

import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.ReweightablePredictor;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.robustness.NoisyCopies;
import java.util.ArrayList;
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

  private Variant variant(LeNetParameters params, float[] images, int count, long[] seeds) {
    predictor.load(params);
    float[] logits = new float[count * LeNet5.CLASSES];
    predictor.logits(images, count, logits);
    NoisyCopies noisy = new NoisyCopies(predictor, copies);
    double[] ratios = new double[count];
    float[] image = new float[LeNet5.INPUT_SIZE];
    for (int i = 0; i < count; i++) {
      System.arraycopy(images, i * LeNet5.INPUT_SIZE, image, 0, LeNet5.INPUT_SIZE);
      float[] clean = java.util.Arrays.copyOfRange(
          logits, i * LeNet5.CLASSES, (i + 1) * LeNet5.CLASSES);
      ratios[i] = noisy.measure(image, clean, noise, copies, seeds[i]).ratio();
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
    java.util.Arrays.fill(w, out * taps, (out + 1) * taps, 0f);
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
