package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;

/**
 * Softmax cross-entropy over a block of logits in lanes ({@code [class][lane]}), in double: the
 * loss and its gradient {@code (softmax − one-hot) · scale} at the logits. Ten exponentials per
 * image cost nothing next to the convolutions, so both engines share this plain-Java version.
 */
final class SoftmaxLoss {
  private SoftmaxLoss() {}

  /**
   * @param labels per lane its class, or −1 for an empty lane (zero gradient, no loss)
   * @param dLogits receives {@code 10 × lanes} floats
   * @return the sum of the lanes' cross-entropies
   */
  static double gradient(float[] logits, int[] labels, int lanes, float scale, float[] dLogits) {
    double loss = 0;
    for (int l = 0; l < lanes; l++) {
      if (labels[l] < 0) {
        for (int c = 0; c < LeNet5.CLASSES; c++) {
          dLogits[c * lanes + l] = 0f;
        }
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        max = Math.max(max, logits[c * lanes + l]);
      }
      double sum = 0;
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        sum += Math.exp(logits[c * lanes + l] - max);
      }
      loss += Math.log(sum) + max - logits[labels[l] * lanes + l];
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        double p = Math.exp(logits[c * lanes + l] - max) / sum;
        dLogits[c * lanes + l] = (float) ((p - (c == labels[l] ? 1 : 0)) * scale);
      }
    }
    return loss;
  }
}
