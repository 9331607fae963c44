package io.robustatlas.explain;

import io.robustatlas.model.LeNet5;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The companion study's kernel selection, per image: channels ordered by how much that image's
 * logits move when the channel alone is switched off (its ablation error, largest first), switched
 * on one at a time into an approximate model that starts with every convolution channel off, until
 * the approximate model's mean absolute logit error against the full model is below {@code
 * fraction} of the full logits' mean absolute value. The channels switched on by then are the ones
 * the image needs.
 */
final class GreedySelection {
  private GreedySelection() {}

  /**
   * The selection of one image.
   *
   * @param order the channels in the order they are switched on
   * @param needed how many of them the image needs (a prefix of {@code order})
   * @param error the approximate model's mean absolute logit error with those channels
   * @param threshold {@code fraction} × the full logits' mean absolute value
   */
  record Selection(int[] order, int needed, double error, double threshold) {}

  /**
   * @param network the model, for forward passes with a different channel set per image
   * @param image 784 pixels
   * @param ablationErrors per channel, this image's logit error with that channel off
   */
  static Selection select(
      LeNetBackprop network, float[] image, double[] ablationErrors, double fraction) {
    int[] order = descending(ablationErrors);
    network.conv1(image);
    double[] full = network.fromPool1(LeNetBackprop.allChannels());
    double threshold = fraction * meanAbs(full, null);
    boolean[] keep = new boolean[LeNetBackprop.CHANNELS];
    for (int k = 0; ; k++) {
      double error = meanAbs(network.fromPool1(keep), full);
      if (error < threshold || k == order.length) {
        return new Selection(order, k, error, threshold);
      }
      keep[order[k]] = true;
    }
  }

  /** Indices of {@code values} from the largest value to the smallest; ties by index. */
  static int[] descending(double[] values) {
    return IntStream.range(0, values.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -values[c]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** Mean of |a − b| over the classes (b null: mean of |a|). */
  private static double meanAbs(double[] a, double[] b) {
    double sum = 0;
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      sum += Math.abs(a[c] - (b == null ? 0 : b[c]));
    }
    return sum / LeNet5.CLASSES;
  }

  /** How many of {@code selections} select each channel: the histogram of needed channels. */
  static int[] histogram(Iterable<Selection> selections) {
    int[] counts = new int[LeNetBackprop.CHANNELS];
    for (Selection selection : selections) {
      for (int k = 0; k < selection.needed(); k++) {
        counts[selection.order()[k]]++;
      }
    }
    return counts;
  }
}
