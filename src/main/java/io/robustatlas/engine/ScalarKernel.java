package io.robustatlas.engine;

import static io.robustatlas.engine.LeNetWeights.CONV_GROUP;
import static io.robustatlas.engine.LeNetWeights.DENSE_GROUP;
import static io.robustatlas.engine.LeNetWeights.KERNEL;

import io.robustatlas.engine.LeNetWeights.Conv;
import io.robustatlas.engine.LeNetWeights.Dense;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Pooling;

/**
 * {@link LaneKernel} in plain Java, for JVMs started without the {@code jdk.incubator.vector}
 * module: the algorithm of {@link VectorKernel} (fused convolution + pooling, the same weight
 * layouts and order of operations) on one image at a time, with scalar accumulators that stay in
 * registers. (Blocks of 8–128 images with a loop over the lanes were slower, about 6,000 against
 * 8,500 images/s on one AVX2 core: HotSpot's auto-vectorizer keeps such accumulators in memory.) It
 * references no Vector API class, so it loads on any JVM. Not thread-safe: it owns its scratch
 * buffers.
 */
final class ScalarKernel extends FusedLeNetKernel {
  ScalarKernel(LeNetWeights weights) {
    this(weights, false);
  }

  /** @param training whether to record pooling windows for a backward pass */
  ScalarKernel(LeNetWeights weights, boolean training) {
    super(weights, 1, training);
  }

  /** As {@link VectorKernel}: a0..a3 and b0..b3 are the pooling window of the two channels. */
  @Override
  void convPair(Conv conv, float[] in, int group, int py, int px, float[] out, float[] window) {
    float[] w = conv.weights();
    int row = conv.inSide();
    int plane = row * row;
    int tap = group * conv.inChannels() * KERNEL * KERNEL * CONV_GROUP;
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    for (int ci = 0; ci < conv.inChannels(); ci++) {
      for (int ky = 0; ky < KERNEL; ky++) {
        int base = ci * plane + (2 * py + ky) * row + 2 * px;
        for (int kx = 0; kx < KERNEL; kx++, tap += CONV_GROUP) {
          float wa = w[tap];
          float wb = w[tap + 1];
          int at = base + kx;
          float v = in[at];
          a0 += v * wa;
          b0 += v * wb;
          v = in[at + 1];
          a1 += v * wa;
          b1 += v * wb;
          v = in[at + row];
          a2 += v * wa;
          b2 += v * wb;
          v = in[at + row + 1];
          a3 += v * wa;
          b3 += v * wb;
        }
      }
    }
    int channel = group * CONV_GROUP;
    if (!conv.pooled()) {
      int side = 2 * conv.pooledSide();
      int at = (channel * side + 2 * py) * side + 2 * px;
      store(a0, a1, a2, a3, out, at, side);
      store(b0, b1, b2, b3, out, at + side * side, side);
      return;
    }
    int side = conv.pooledSide();
    int at = (channel * side + py) * side + px;
    if (window != null) {
      poolBiasRelu(a0, a1, a2, a3, conv.bias()[channel], out, at, window);
      poolBiasRelu(b0, b1, b2, b3, conv.bias()[channel + 1], out, at + side * side, window);
      return;
    }
    out[at] = pool(conv, a0, a1, a2, a3, conv.bias()[channel]);
    out[at + side * side] = pool(conv, b0, b1, b2, b3, conv.bias()[channel + 1]);
  }

  /**
   * For training (ReLU and max pooling only): max(window) + bias, then ReLU, as {@link #pool}; as
   * {@link VectorKernel}, records the window's first maximum, or none where the ReLU is closed.
   */
  private static void poolBiasRelu(
      float v0, float v1, float v2, float v3, float bias, float[] out, int at, float[] window) {
    float max = Math.max(Math.max(v0, v1), Math.max(v2, v3));
    float biased = max + bias;
    out[at] = Math.max(biased, 0f);
    int position = v0 == max ? 0 : v1 == max ? 1 : v2 == max ? 2 : 3;
    window[at] = biased <= 0f ? NO_WINDOW : position;
  }

  /** The four outputs of a window, unpooled: (0, 0), (0, 1), (1, 0), (1, 1). */
  private static void store(float v0, float v1, float v2, float v3, float[] out, int at, int row) {
    out[at] = v0;
    out[at + 1] = v1;
    out[at + row] = v2;
    out[at + row + 1] = v3;
  }

  /**
   * The pooled activation of a window of convolution sums: under max pooling, max(window) + bias
   * activated (the activations are monotone); under average pooling, the mean of the four
   * activated values, as DL4J computes it.
   */
  private static float pool(Conv conv, float v0, float v1, float v2, float v3, float bias) {
    Activation activation = conv.activation();
    if (conv.pooling() == Pooling.MAX) {
      return activate(activation, Math.max(Math.max(v0, v1), Math.max(v2, v3)) + bias);
    }
    float sum =
        activate(activation, v0 + bias)
            + activate(activation, v1 + bias)
            + activate(activation, v2 + bias)
            + activate(activation, v3 + bias);
    return sum * 0.25f;
  }

  /** The activation of one value, in float as DL4J's. */
  static float activate(Activation activation, float x) {
    return switch (activation) {
      case RELU -> Math.max(x, 0f);
      case TANH -> (float) Math.tanh(x);
      case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
      case ELU -> x > 0 ? x : (float) Math.expm1(x);
    };
  }

  @Override
  void dense(Dense layer, float[] in, float[] out) {
    float[] w = layer.weights();
    for (int first = 0; first < layer.paddedOutputs(); first += DENSE_GROUP) {
      int at = first * layer.inputs();
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f;
      for (int i = 0; i < layer.inputs(); i++, at += DENSE_GROUP) {
        float x = in[i];
        s0 += x * w[at];
        s1 += x * w[at + 1];
        s2 += x * w[at + 2];
        s3 += x * w[at + 3];
        s4 += x * w[at + 4];
        s5 += x * w[at + 5];
      }
      finish(layer, first, s0, out);
      finish(layer, first + 1, s1, out);
      finish(layer, first + 2, s2, out);
      finish(layer, first + 3, s3, out);
      finish(layer, first + 4, s4, out);
      finish(layer, first + 5, s5, out);
    }
  }

  private static void finish(Dense layer, int output, float sum, float[] out) {
    float value = sum + layer.bias()[output];
    out[output] = layer.activation() == null ? value : activate(layer.activation(), value);
  }
}
