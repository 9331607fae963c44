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
 *
 * <p>A kernel made for training also records, for every pooled output, which position of its 2×2
 * window was the maximum ({@link #window1}, {@link #window2}), and keeps every layer's output of
 * the last {@link #forward} for the backward pass ({@code LaneBackprop}).
 */
abstract class FusedLeNetKernel implements LaneKernel {
  /** No position of a pooling window: its maximum plus bias was not positive (ReLU closed). */
  static final float NO_WINDOW = -1f;

  private LeNetWeights weights;
  private final int lanes;
  final float[] pool1;
  final float[] pool2;
  final float[] fc1;
  final float[] fc2;

  /**
   * Per pooled output of conv1 and conv2, the first maximum of its window in row-major order (0
   * to 3), or {@link #NO_WINDOW}; null unless made for training.
   */
  final float[] window1;

  final float[] window2;

  FusedLeNetKernel(LeNetWeights weights, int lanes, boolean training) {
    this.weights = weights;
    this.lanes = lanes;
    this.pool1 = new float[weights.conv1.pooledSize() * lanes];
    this.pool2 = new float[weights.conv2.pooledSize() * lanes];
    this.fc1 = new float[weights.fc1.paddedOutputs() * lanes];
    this.fc2 = new float[weights.fc2.paddedOutputs() * lanes];
    this.window1 = training ? new float[pool1.length] : null;
    this.window2 = training ? new float[pool2.length] : null;
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
    convolve(weights.conv1, input, pool1, window1);
    convolve(weights.conv2, pool1, pool2, window2);
    dense(weights.fc1, pool2, fc1);
    dense(weights.fc2, fc1, fc2);
    dense(weights.logits, fc2, logits);
  }

  /**
   * {@code conv} applied to {@code in} ({@code [channel][row][col][lane]}) into {@code out}: pooled
   * outputs if {@code conv.pooled()}, else the full-size plain convolution; {@code window}, if not
   * null, receives each pooled output's window position.
   */
  final void convolve(Conv conv, float[] in, float[] out, float[] window) {
    int side = conv.pooledSide();
    for (int group = 0; group < conv.outChannels() / CONV_GROUP; group++) {
      for (int py = 0; py < side; py++) {
        for (int px = 0; px < side; px++) {
          convPair(conv, in, group, py, px, out, window);
        }
      }
    }
  }

  /**
   * The outputs of channels {@code 2·group} and {@code 2·group + 1} over the 2×2 window at pooled
   * position (py, px), written to {@code out} in {@code [channel][row][col][lane]} order: pooled,
   * biased and ReLU'd (and the window's first maximum into {@code window} unless it is null), or
   * all four as they are if the convolution is not {@code pooled}.
   */
  abstract void convPair(
      Conv conv, float[] in, int group, int py, int px, float[] out, float[] window);

  /** {@code layer} applied to {@code in}, into {@code out} ({@code [output][lane]}). */
  abstract void dense(Dense layer, float[] in, float[] out);
}
