package io.robustatlas.explain;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;

/**
 * One LeNet-5 ({@link LeNet5}: conv → ReLU → 2×2 max-pool, twice, then three dense layers) in plain
 * Java and double precision, for what the inference engines do not give: the exact gradient of a
 * logit with respect to the input pixels (a real backward pass through the recorded ReLU states and
 * max-pool winners), and forward passes with a chosen set of convolution channels switched off, one
 * image at a time with a different set per image. Ties in a pooling window go to the first
 * maximum in row-major order, and ReLU's derivative at 0 is 0 (PyTorch's and DL4J's conventions).
 *
 * <p>Channels are numbered across both convolutions: conv1's 0–5, then conv2's 6–21 ({@link
 * #CHANNELS}). Switching a channel off sets its pooled output to zero, which is exactly what zeroing
 * its kernel and bias does: the pre-activation is then 0, ReLU(0) = 0 and the max of zeros is 0.
 *
 * <p>Not thread-safe: it owns its scratch buffers.
 */
final class LeNetBackprop {
  static final int C1 = 6;
  static final int C2 = 16;

  /** Convolution channels of both layers. */
  static final int CHANNELS = C1 + C2;

  private static final int K = LeNet5.KERNEL;
  private static final int IN = LeNet5.SIDE;
  private static final int S1 = IN - K + 1; // 24
  private static final int P1 = S1 / 2; // 12
  private static final int S2 = P1 - K + 1; // 8
  private static final int P2 = S2 / 2; // 4
  private static final int FLAT = C2 * P2 * P2; // 256

  private final double[] w1;
  private final double[] b1;
  private final double[] w2;
  private final double[] b2;
  private final double[] w3;
  private final double[] b3;
  private final double[] w4;
  private final double[] b4;
  private final double[] w5;
  private final double[] b5;

  // The tape of the last forward pass.
  private final double[] a1 = new double[C1 * S1 * S1];
  private final double[] p1 = new double[C1 * P1 * P1];
  private final int[] arg1 = new int[C1 * P1 * P1];
  private final double[] a2 = new double[C2 * S2 * S2];
  private final double[] p2 = new double[FLAT];
  private final int[] arg2 = new int[FLAT];
  private final double[] h1;
  private final double[] h2;
  private final double[] z = new double[LeNet5.CLASSES];

  LeNetBackprop(LeNetParameters params) {
    w1 = doubles(params.weights().get(0));
    b1 = doubles(params.biases().get(0));
    w2 = doubles(params.weights().get(1));
    b2 = doubles(params.biases().get(1));
    w3 = doubles(params.weights().get(2));
    b3 = doubles(params.biases().get(2));
    w4 = doubles(params.weights().get(3));
    b4 = doubles(params.biases().get(3));
    w5 = doubles(params.weights().get(4));
    b5 = doubles(params.biases().get(4));
    h1 = new double[b3.length];
    h2 = new double[b4.length];
  }

  /** A mask that keeps every channel. */
  static boolean[] allChannels() {
    boolean[] keep = new boolean[CHANNELS];
    java.util.Arrays.fill(keep, true);
    return keep;
  }

  /** The logits of {@code image} (784 floats) with every channel. */
  double[] logits(float[] image) {
    return logits(image, allChannels());
  }

  /** The logits of {@code image} with channel {@code c} switched off where {@code !keep[c]}. */
  double[] logits(float[] image, boolean[] keep) {
    conv1(image);
    return fromPool1(keep);
  }

  /** Runs conv1 (its pooled output is kept for {@link #fromPool1}); channels are masked later. */
  void conv1(float[] image) {
    for (int c = 0; c < C1; c++) {
      for (int y = 0; y < S1; y++) {
        for (int x = 0; x < S1; x++) {
          double sum = b1[c];
          for (int ky = 0; ky < K; ky++) {
            for (int kx = 0; kx < K; kx++) {
              sum += w1[(c * K + ky) * K + kx] * image[(y + ky) * IN + x + kx];
            }
          }
          a1[(c * S1 + y) * S1 + x] = sum;
        }
      }
    }
    pool(a1, C1, S1, p1, arg1);
  }

  /**
   * The rest of the forward pass from the pooled conv1 output of the last {@link #conv1}, with the
   * channels of {@code keep}: several masks can follow one {@code conv1}.
   */
  double[] fromPool1(boolean[] keep) {
    for (int o = 0; o < C2; o++) {
      for (int y = 0; y < S2; y++) {
        for (int x = 0; x < S2; x++) {
          double sum = b2[o];
          for (int c = 0; c < C1; c++) {
            if (keep[c]) {
              sum += conv2Tap(o, c, y, x);
            }
          }
          a2[(o * S2 + y) * S2 + x] = sum;
        }
      }
    }
    pool(a2, C2, S2, p2, arg2);
    for (int o = 0; o < C2; o++) {
      if (!keep[C1 + o]) {
        java.util.Arrays.fill(p2, o * P2 * P2, (o + 1) * P2 * P2, 0);
      }
    }
    dense(p2, w3, b3, h1, true);
    dense(h1, w4, b4, h2, true);
    dense(h2, w5, b5, z, false);
    return z.clone();
  }

  private double conv2Tap(int o, int c, int y, int x) {
    double sum = 0;
    int w = (o * C1 + c) * K * K;
    for (int ky = 0; ky < K; ky++) {
      int row = (c * P1 + y + ky) * P1 + x;
      for (int kx = 0; kx < K; kx++) {
        sum += w2[w + ky * K + kx] * p1[row + kx];
      }
    }
    return sum;
  }

  /**
   * The gradient of logit {@code target} with respect to the 784 input pixels at {@code image}, for
   * the whole network; the logits of the same forward pass are in {@code logitsOut} if not null.
   */
  double[] gradient(float[] image, int target, double[] logitsOut) {
    double[] logits = logits(image);
    if (logitsOut != null) {
      System.arraycopy(logits, 0, logitsOut, 0, logits.length);
    }
    double[] dh2 = new double[h2.length];
    for (int j = 0; j < h2.length; j++) {
      dh2[j] = h2[j] > 0 ? w5[j * LeNet5.CLASSES + target] : 0;
    }
    double[] dh1 = denseBack(dh2, w4, h1);
    double[] dp2 = denseBack(dh1, w3, null);
    double[] da2 = unpool(dp2, arg2, a2);
    double[] dp1 = new double[p1.length];
    for (int o = 0; o < C2; o++) {
      for (int y = 0; y < S2; y++) {
        for (int x = 0; x < S2; x++) {
          double g = da2[(o * S2 + y) * S2 + x];
          if (g != 0) {
            scatterConv2(g, o, y, x, dp1);
          }
        }
      }
    }
    double[] da1 = unpool(dp1, arg1, a1);
    double[] dx = new double[LeNet5.INPUT_SIZE];
    for (int c = 0; c < C1; c++) {
      for (int y = 0; y < S1; y++) {
        for (int x = 0; x < S1; x++) {
          double g = da1[(c * S1 + y) * S1 + x];
          if (g == 0) {
            continue;
          }
          for (int ky = 0; ky < K; ky++) {
            for (int kx = 0; kx < K; kx++) {
              dx[(y + ky) * IN + x + kx] += g * w1[(c * K + ky) * K + kx];
            }
          }
        }
      }
    }
    return dx;
  }

  private void scatterConv2(double g, int o, int y, int x, double[] dp1) {
    for (int c = 0; c < C1; c++) {
      int w = (o * C1 + c) * K * K;
      for (int ky = 0; ky < K; ky++) {
        int row = (c * P1 + y + ky) * P1 + x;
        for (int kx = 0; kx < K; kx++) {
          dp1[row + kx] += g * w2[w + ky * K + kx];
        }
      }
    }
  }

  /**
   * The gradient with respect to a dense layer's input, given the gradient at its output; {@code
   * input} (post-ReLU) gates it through the ReLU that made the input, or null for none.
   */
  private static double[] denseBack(double[] dOut, double[] w, double[] input) {
    int outs = dOut.length;
    double[] dIn = new double[w.length / outs];
    for (int i = 0; i < dIn.length; i++) {
      if (input != null && input[i] <= 0) {
        continue;
      }
      double sum = 0;
      for (int j = 0; j < outs; j++) {
        sum += w[i * outs + j] * dOut[j];
      }
      dIn[i] = sum;
    }
    return dIn;
  }

  /** Routes pooled gradients to their window's winner, through that winner's ReLU. */
  private static double[] unpool(double[] dPooled, int[] arg, double[] pre) {
    double[] dPre = new double[pre.length];
    for (int i = 0; i < dPooled.length; i++) {
      if (pre[arg[i]] > 0) {
        dPre[arg[i]] += dPooled[i];
      }
    }
    return dPre;
  }

  /** ReLU then 2×2 max-pool, stride 2, recording each window's first maximum. */
  private static void pool(double[] pre, int channels, int side, double[] out, int[] arg) {
    int half = side / 2;
    for (int c = 0; c < channels; c++) {
      for (int py = 0; py < half; py++) {
        for (int px = 0; px < half; px++) {
          int best = (c * side + 2 * py) * side + 2 * px;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              int at = (c * side + 2 * py + dy) * side + 2 * px + dx;
              if (pre[at] > pre[best]) {
                best = at;
              }
            }
          }
          int o = (c * half + py) * half + px;
          arg[o] = best;
          out[o] = Math.max(0, pre[best]);
        }
      }
    }
  }

  /** {@code out = in · W + b}, W as {@code [in][out]}, then ReLU if asked. */
  private static void dense(double[] in, double[] w, double[] b, double[] out, boolean relu) {
    int outs = b.length;
    System.arraycopy(b, 0, out, 0, outs);
    for (int i = 0; i < in.length; i++) {
      double v = in[i];
      if (v == 0) {
        continue;
      }
      int row = i * outs;
      for (int j = 0; j < outs; j++) {
        out[j] += v * w[row + j];
      }
    }
    if (relu) {
      for (int j = 0; j < outs; j++) {
        out[j] = Math.max(0, out[j]);
      }
    }
  }

  private static double[] doubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
