package io.robustatlas.engine;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;

/**
 * LeNet-5's mean cross-entropy over a few images, in double, written as plainly as possible from
 * the architecture ({@link LeNet5}) and DL4J's layouts, sharing no code with the engines: the
 * independent side of {@link LaneGradientTest}. Its parameters are mutable arrays, for finite
 * differences.
 */
final class DoubleLeNet {
  private static final int K = LeNet5.KERNEL;

  private final double[][] weights = new double[5][];
  private final double[][] biases = new double[5][];
  private final LabeledImages data;

  DoubleLeNet(LeNetParameters params, LabeledImages data) {
    for (int layer = 0; layer < 5; layer++) {
      weights[layer] = toDouble(params.weights().get(layer));
      biases[layer] = toDouble(params.biases().get(layer));
    }
    this.data = data;
  }

  double[] weights(int layer) {
    return weights[layer];
  }

  double[] bias(int layer) {
    return biases[layer];
  }

  /** The mean cross-entropy over every image of the data. */
  double loss() {
    double sum = 0;
    for (int i = 0; i < data.count(); i++) {
      double[] x = toDouble(data.image(i));
      double[] a = pool(relu(conv(x, 1, 28, 6, weights[0], biases[0])), 6, 24);
      double[] c = pool(relu(conv(a, 6, 12, 16, weights[1], biases[1])), 16, 8);
      double[] h1 = relu(dense(c, 120, weights[2], biases[2]));
      double[] h2 = relu(dense(h1, 84, weights[3], biases[3]));
      double[] z = dense(h2, 10, weights[4], biases[4]);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v);
      }
      double exp = 0;
      for (double v : z) {
        exp += Math.exp(v - max);
      }
      sum += Math.log(exp) + max - z[data.label(i)];
    }
    return sum / data.count();
  }

  /** Valid 5×5 convolution, W as [out][in][ky][kx]; output [out][y][x]. */
  private static double[] conv(double[] in, int inC, int side, int outC, double[] w, double[] b) {
    int o = side - K + 1;
    double[] out = new double[outC * o * o];
    for (int co = 0; co < outC; co++) {
      for (int y = 0; y < o; y++) {
        for (int x = 0; x < o; x++) {
          double s = b[co];
          for (int ci = 0; ci < inC; ci++) {
            for (int ky = 0; ky < K; ky++) {
              for (int kx = 0; kx < K; kx++) {
                s +=
                    w[((co * inC + ci) * K + ky) * K + kx]
                        * in[(ci * side + y + ky) * side + x + kx];
              }
            }
          }
          out[(co * o + y) * o + x] = s;
        }
      }
    }
    return out;
  }

  /** 2×2 max-pooling, stride 2. */
  private static double[] pool(double[] in, int channels, int side) {
    int o = side / 2;
    double[] out = new double[channels * o * o];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < o; y++) {
        for (int x = 0; x < o; x++) {
          int at = (c * side + 2 * y) * side + 2 * x;
          out[(c * o + y) * o + x] =
              Math.max(Math.max(in[at], in[at + 1]), Math.max(in[at + side], in[at + side + 1]));
        }
      }
    }
    return out;
  }

  /** W as [in][out]. */
  private static double[] dense(double[] in, int outputs, double[] w, double[] b) {
    double[] out = b.clone();
    for (int i = 0; i < in.length; i++) {
      for (int o = 0; o < outputs; o++) {
        out[o] += in[i] * w[i * outputs + o];
      }
    }
    return out;
  }

  private static double[] relu(double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(v[i], 0);
    }
    return v;
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
