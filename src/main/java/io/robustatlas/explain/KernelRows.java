package io.robustatlas.explain;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The rows of {@link ExplainTables#KERNELS} of one model: per convolution channel, its kernels'
 * spectrum and what switching it off costs on the probed samples.
 */
final class KernelRows {
  private KernelRows() {}

  /**
   * @param variants the full model, then the model without each channel ({@link ChannelAblation})
   * @param labels the probed samples' true classes
   * @param selectedImages per channel, the images whose greedy selection includes it
   */
  static List<Row> of(
      String modelId,
      LeNetParameters params,
      List<ChannelAblation.Variant> variants,
      int[] labels,
      int[] selectedImages) {
    int count = labels.length;
    double[] mae = new double[LeNetBackprop.CHANNELS];
    for (int i = 0; i < count; i++) {
      double[] errors = ChannelAblation.sampleErrors(variants, i);
      for (int c = 0; c < mae.length; c++) {
        mae[c] += errors[c] / count;
      }
    }
    int[] rank = ranks(mae);
    ChannelAblation.Variant full = variants.get(0);
    List<Row> rows = new ArrayList<>();
    for (int channel = 0; channel < LeNetBackprop.CHANNELS; channel++) {
      ChannelAblation.Variant ablated = variants.get(channel + 1);
      List<Object> values = new ArrayList<>(spectrum(modelId, params, channel));
      values.add(count == 0 ? Double.NaN : mae[channel]);
      values.add(accuracy(ablated, labels) - accuracy(full, labels));
      values.add(meanDifference(ablated.ratios(), full.ratios()));
      values.add(rank[channel]);
      values.add(selectedImages[channel]);
      values.add(count);
      rows.add(RowFactory.create(values.toArray()));
    }
    return rows;
  }

  /** The columns up to {@code orientation_strength} of one channel. */
  private static List<Object> spectrum(String modelId, LeNetParameters params, int channel) {
    boolean first = channel < LeNetBackprop.C1;
    int layer = first ? 0 : 1;
    int out = first ? channel : channel - LeNetBackprop.C1;
    float[] weights = params.weights().get(layer);
    int taps = weights.length / params.biases().get(layer).length;
    float[] kernels = Arrays.copyOfRange(weights, out * taps, (out + 1) * taps);
    double[] power = KernelSpectrum.power(kernels, LeNet5.KERNEL, KernelSpectrum.SIZE);
    double[] orientation = KernelSpectrum.orientation(power, KernelSpectrum.SIZE);
    double norm = 0;
    for (float w : kernels) {
      norm += (double) w * w;
    }
    float[] powerFloats = new float[power.length];
    for (int i = 0; i < power.length; i++) {
      powerFloats[i] = (float) power[i];
    }
    return List.of(
        modelId,
        LeNet5.WEIGHTED.get(layer).name(),
        out,
        taps / (LeNet5.KERNEL * LeNet5.KERNEL),
        Math.sqrt(norm),
        powerFloats,
        KernelSpectrum.bandShares(power, KernelSpectrum.SIZE, KernelSpectrum.BANDS),
        orientation[0],
        orientation[1]);
  }

  /** Per channel, its place when ordered by ablation error, largest first (0 = most important). */
  private static int[] ranks(double[] mae) {
    int[] order = GreedySelection.descending(mae);
    int[] rank = new int[mae.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    return rank;
  }

  private static double accuracy(ChannelAblation.Variant variant, int[] labels) {
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += variant.predicted(i) == labels[i] ? 1 : 0;
    }
    return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
  }

  private static double meanDifference(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] - b[i];
    }
    return a.length == 0 ? Double.NaN : sum / a.length;
  }
}
