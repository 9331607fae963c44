package io.robustatlas.engine;

import static io.robustatlas.engine.LeNetWeights.CONV_GROUP;
import static io.robustatlas.engine.LeNetWeights.DENSE_GROUP;
import static io.robustatlas.engine.LeNetWeights.KERNEL;

import io.robustatlas.engine.LeNetWeights.Conv;
import io.robustatlas.engine.LeNetWeights.Dense;
import java.util.Arrays;

/**
 * {@link LaneKernel} in plain Java, for JVMs started without the {@code jdk.incubator.vector}
 * module: the algorithm of {@link VectorKernel} (same layouts, same order of operations per image)
 * with each vector operation written as a short loop over the lanes, which HotSpot's
 * auto-vectorizer can still turn into SIMD code. It references no Vector API class, so it loads on
 * any JVM. Not thread-safe: it owns its scratch buffers.
 */
final class ScalarKernel implements LaneKernel {
  /** Images per block: one AVX2 register's worth for the auto-vectorizer. */
  static final int LANES = 64;

  /** Positions of a 2×2 pooling window. */
  private static final int WINDOW = 4;

  private final LeNetWeights weights;
  private final float[] pool1;
  private final float[] pool2;
  private final float[] fc1;
  private final float[] fc2;
  private final float[] sums = new float[Math.max(CONV_GROUP * WINDOW, DENSE_GROUP) * LANES];

  ScalarKernel(LeNetWeights weights) {
    this.weights = weights;
    this.pool1 = new float[pooledSize(weights.conv1) * LANES];
    this.pool2 = new float[pooledSize(weights.conv2) * LANES];
    this.fc1 = new float[weights.fc1.paddedOutputs() * LANES];
    this.fc2 = new float[weights.fc2.paddedOutputs() * LANES];
  }

  @Override
  public int lanes() {
    return LANES;
  }

  @Override
  public void forward(float[] input, float[] logits) {
    convReluPool(weights.conv1, input, pool1);
    convReluPool(weights.conv2, pool1, pool2);
    dense(weights.fc1, pool2, fc1);
    dense(weights.fc2, fc1, fc2);
    dense(weights.logits, fc2, logits);
  }

  private static int pooledSize(Conv conv) {
    return conv.outChannels() * conv.pooledSide() * conv.pooledSide();
  }

  private void convReluPool(Conv conv, float[] in, float[] out) {
    int side = conv.pooledSide();
    for (int group = 0; group < conv.outChannels() / CONV_GROUP; group++) {
      for (int py = 0; py < side; py++) {
        for (int px = 0; px < side; px++) {
          pooledGroup(conv, in, group, py, px, out);
        }
      }
    }
  }

  /** Sums of the group's channels at the 4 window positions: {@code sums[channel][position][lane]}. */
  private void pooledGroup(Conv conv, float[] in, int group, int py, int px, float[] out) {
    float[] w = conv.weights();
    int row = conv.inSide() * LANES;
    int plane = conv.inSide() * row;
    int tap = group * conv.inChannels() * KERNEL * KERNEL * CONV_GROUP;
    Arrays.fill(sums, 0f);
    for (int ci = 0; ci < conv.inChannels(); ci++) {
      for (int ky = 0; ky < KERNEL; ky++) {
        int base = ci * plane + (2 * py + ky) * row + 2 * px * LANES;
        for (int kx = 0; kx < KERNEL; kx++, tap += CONV_GROUP) {
          accumulateTap(w, tap, in, base + kx * LANES, row);
        }
      }
    }
    int side = conv.pooledSide();
    for (int c = 0; c < CONV_GROUP; c++) {
      int channel = group * CONV_GROUP + c;
      int at = ((channel * side + py) * side + px) * LANES;
      poolBiasRelu(c * WINDOW * LANES, conv.bias()[channel], out, at);
    }
  }

  /** One filter tap at the 4 window positions (row-major: dx fastest) of both group channels. */
  private void accumulateTap(float[] w, int tap, float[] in, int at, int row) {
    float w0 = w[tap];
    float w1 = w[tap + 1];
    for (int q = 0; q < WINDOW; q++) {
      int from = at + (q >> 1) * row + (q & 1) * LANES;
      int to0 = q * LANES;
      int to1 = (WINDOW + q) * LANES;
      for (int lane = 0; lane < LANES; lane++) {
        float x = in[from + lane];
        sums[to0 + lane] += w0 * x;
        sums[to1 + lane] += w1 * x;
      }
    }
  }

  /** {@code sums[to + lane] += weight · in[from + lane]} for every lane. */
  private void multiplyAdd(float weight, float[] in, int from, int to) {
    for (int lane = 0; lane < LANES; lane++) {
      sums[to + lane] += weight * in[from + lane];
    }
  }

  /** max(window) + bias, then ReLU: equal to pooling ReLU(conv + bias), as both are monotone. */
  private void poolBiasRelu(int from, float bias, float[] out, int at) {
    for (int lane = 0; lane < LANES; lane++) {
      int s = from + lane;
      float max = Math.max(
          Math.max(sums[s], sums[s + LANES]), Math.max(sums[s + 2 * LANES], sums[s + 3 * LANES]));
      out[at + lane] = Math.max(max + bias, 0f);
    }
  }

  private void dense(Dense layer, float[] in, float[] out) {
    for (int first = 0; first < layer.paddedOutputs(); first += DENSE_GROUP) {
      Arrays.fill(sums, 0, DENSE_GROUP * LANES, 0f);
      int at = first * layer.inputs();
      for (int i = 0; i < layer.inputs(); i++, at += DENSE_GROUP) {
        for (int o = 0; o < DENSE_GROUP; o++) {
          multiplyAdd(layer.weights()[at + o], in, i * LANES, o * LANES);
        }
      }
      finish(layer, first, out);
    }
  }

  private void finish(Dense layer, int first, float[] out) {
    for (int o = 0; o < DENSE_GROUP; o++) {
      float bias = layer.bias()[first + o];
      for (int lane = 0; lane < LANES; lane++) {
        float value = sums[o * LANES + lane] + bias;
        out[(first + o) * LANES + lane] = layer.relu() ? Math.max(value, 0f) : value;
      }
    }
  }
}
