package io.robustatlas.engine;

import static io.robustatlas.engine.LeNetWeights.CONV_GROUP;

import io.robustatlas.engine.LeNetWeights.Conv;
import io.robustatlas.engine.LeNetWeights.Dense;

/**
 * The layer sequence both lane kernels share: conv1 and conv2 with activation and pooling fused
 * (the full-size convolution output is never written), then fc1, fc2 and the logits layer, through
 * scratch buffers allocated once. Under max pooling the kernels pool before they activate: every
 * activation of the grid is monotone non-decreasing, so act(max(window) + bias) equals max over the
 * window of act(conv + bias), at a quarter of the activations. Average pooling has no such
 * shortcut: each of the four positions is activated, then they are averaged. Subclasses supply the arithmetic: one pooled output pair of a
 * convolution and one dense layer, in SIMD ({@link VectorKernel}) or plain Java ({@link
 * ScalarKernel}). Not thread-safe: an instance owns its buffers.
 */
abstract class FusedLeNetKernel implements LaneKernel {
  private LeNetWeights weights;
  private final int lanes;
  private final float[] pool1;
  private final float[] pool2;
  private final float[] fc1;
  private final float[] fc2;

  FusedLeNetKernel(LeNetWeights weights, int lanes) {
    this.weights = weights;
    this.lanes = lanes;
    this.pool1 = new float[weights.conv1.pooledSize() * lanes];
    this.pool2 = new float[weights.conv2.pooledSize() * lanes];
    this.fc1 = new float[weights.fc1.paddedOutputs() * lanes];
    this.fc2 = new float[weights.fc2.paddedOutputs() * lanes];
  }

  @Override
  public final int lanes() {
    return lanes;
  }

  @Override
  public final void load(LeNetWeights weights) {
    this.weights = weights;
  }

  @Override
  public final void forward(float[] input, float[] logits) {
    convPool(weights.conv1, input, pool1);
    convPool(weights.conv2, pool1, pool2);
    dense(weights.fc1, pool2, fc1);
    dense(weights.fc2, fc1, fc2);
    dense(weights.logits, fc2, logits);
  }

  private void convPool(Conv conv, float[] in, float[] out) {
    int side = conv.pooledSide();
    for (int group = 0; group < conv.outChannels() / CONV_GROUP; group++) {
      for (int py = 0; py < side; py++) {
        for (int px = 0; px < side; px++) {
          pooledPair(conv, in, group, py, px, out);
        }
      }
    }
  }

  /**
   * The biased, activated, pooled outputs of channels {@code 2·group} and {@code 2·group + 1} at
   * pooled position (py, px), written to {@code out} in {@code [channel][row][col][lane]} order.
   */
  abstract void pooledPair(Conv conv, float[] in, int group, int py, int px, float[] out);

  /** {@code layer} applied to {@code in}, into {@code out} ({@code [output][lane]}). */
  abstract void dense(Dense layer, float[] in, float[] out);
}
