package io.robustatlas.engine;

import static io.robustatlas.engine.LeNetWeights.KERNEL;

/**
 * {@link LaneBackprop} in plain Java, for JVMs without the {@code jdk.incubator.vector} module:
 * the loops of {@link VectorBackprop} with one image per block, and separate multiplies and adds
 * (a JVM that cannot fuse them in hardware computes {@code Math.fma} in software). References no
 * Vector API class.
 */
final class ScalarBackprop extends LaneBackprop {

  ScalarBackprop() {
    super(1);
  }

  @Override
  void dense(
      int layer, int inputs, int outputs, float[] in, float[] dOut, float[] dIn, float[] params,
      float[] grad) {
    int width = TrainingLayout.width(layer);
    int weights = TrainingLayout.weights(layer);
    int bias = TrainingLayout.bias(layer);
    for (int o = 0; o < outputs; o++) {
      grad[bias + o] += dOut[o];
    }
    for (int i = 0; i < inputs; i++) {
      float x = in[i];
      int row = weights + i * width;
      for (int o = 0; o < outputs; o++) {
        grad[row + o] += x * dOut[o];
      }
    }
    if (dIn == null) {
      return;
    }
    for (int i = 0; i < inputs; i++) {
      int row = weights + i * width;
      float sum = 0f;
      for (int o = 0; o < outputs; o++) {
        sum += params[row + o] * dOut[o];
      }
      dIn[i] = in[i] > 0f ? sum : 0f;
    }
  }

  @Override
  void convWeights(
      int layer, int inChannels, int inSide, int outChannels, float[] in, float[] dOut, int pad,
      float[] grad) {
    int side = inSide - KERNEL + 1;
    int dSide = side + 2 * pad;
    int weights = TrainingLayout.weights(layer);
    int bias = TrainingLayout.bias(layer);
    for (int co = 0; co < outChannels; co++) {
      float sum = 0f;
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          sum += dOut[(co * dSide + y + pad) * dSide + x + pad];
        }
      }
      grad[bias + co] += sum;
      for (int ci = 0; ci < inChannels; ci++) {
        for (int k = 0; k < KERNEL * KERNEL; k++) {
          int ky = k / KERNEL;
          int kx = k % KERNEL;
          float w = 0f;
          for (int y = 0; y < side; y++) {
            int d = (co * dSide + y + pad) * dSide + pad;
            int at = (ci * inSide + y + ky) * inSide + kx;
            for (int x = 0; x < side; x++) {
              w += in[at + x] * dOut[d + x];
            }
          }
          grad[weights + (co * inChannels + ci) * KERNEL * KERNEL + k] += w;
        }
      }
    }
  }

  @Override
  void unpool(
      float[] dPooled, float[] window, int channels, int pooledSide, float[] dConv, int pad) {
    int dSide = 2 * pooledSide + 2 * pad;
    for (int c = 0; c < channels; c++) {
      for (int py = 0; py < pooledSide; py++) {
        for (int px = 0; px < pooledSide; px++) {
          int at = (c * pooledSide + py) * pooledSide + px;
          int to = (c * dSide + 2 * py + pad) * dSide + 2 * px + pad;
          float g = dPooled[at];
          float w = window[at];
          dConv[to] = w == 0f ? g : 0f;
          dConv[to + 1] = w == 1f ? g : 0f;
          dConv[to + dSide] = w == 2f ? g : 0f;
          dConv[to + dSide + 1] = w == 3f ? g : 0f;
        }
      }
    }
  }
}
