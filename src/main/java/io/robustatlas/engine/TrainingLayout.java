package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each parameter of a LeNet-5 lives in the lane trainer's flat parameter, gradient and
 * optimizer-state vectors: per weighted layer its {@code W} then its {@code b}, in DL4J's layouts
 * (convolution {@code [out][in][ky][kx]}, dense {@code [in][out]}), except that a dense layer's
 * rows are padded with zeros to a multiple of {@link #ROW} outputs. A dense weight gradient is then
 * a small matrix product with whole SIMD vectors along the outputs, and the update rules, being
 * elementwise, run over one array. Padding parameters start at zero and their gradient is zero, so
 * every rule leaves them zero.
 */
final class TrainingLayout {
  /** Dense rows are padded to a multiple of this many outputs: a multiple of every SIMD width. */
  static final int ROW = 16;

  private static final int LAYERS = LeNet5.WEIGHTED.size();
  private static final int[] WEIGHTS = new int[LAYERS];
  private static final int[] BIASES = new int[LAYERS];
  private static final int[] WIDTH = new int[LAYERS];

  /** Floats in the flat vector. */
  static final int SIZE;

  static {
    int at = 0;
    for (int i = 0; i < LAYERS; i++) {
      LeNet5.Weighted layer = LeNet5.WEIGHTED.get(i);
      WIDTH[i] = layer.kernelArea() == 1 ? rounded(layer.outputs()) : layer.outputs();
      WEIGHTS[i] = at;
      at += layer.kernelArea() == 1 ? layer.inputs() * WIDTH[i] : layer.weightCount();
      BIASES[i] = at;
      at += WIDTH[i];
    }
    SIZE = at;
  }

  private TrainingLayout() {}

  /** Offset of weighted layer {@code layer}'s {@code W}. */
  static int weights(int layer) {
    return WEIGHTS[layer];
  }

  /** Offset of weighted layer {@code layer}'s {@code b}. */
  static int bias(int layer) {
    return BIASES[layer];
  }

  /** Stored outputs of weighted layer {@code layer}: a dense row's padded width. */
  static int width(int layer) {
    return WIDTH[layer];
  }

  static int rounded(int outputs) {
    return (outputs + ROW - 1) / ROW * ROW;
  }

  /** {@code parameters} as a flat vector. */
  static float[] flatten(LeNetParameters parameters) {
    float[] flat = new float[SIZE];
    for (int i = 0; i < LAYERS; i++) {
      LeNet5.Weighted layer = LeNet5.WEIGHTED.get(i);
      float[] w = parameters.weights().get(i);
      int rows = layer.kernelArea() == 1 ? layer.inputs() : 1;
      int row = w.length / rows;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(w, r * row, flat, WEIGHTS[i] + r * WIDTH[i], row);
      }
      System.arraycopy(parameters.biases().get(i), 0, flat, BIASES[i], layer.outputs());
    }
    return flat;
  }

  /** The parameters a flat vector holds, padding dropped. */
  static LeNetParameters parameters(float[] flat) {
    List<float[]> weights = new ArrayList<>();
    List<float[]> biases = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      LeNet5.Weighted layer = LeNet5.WEIGHTED.get(i);
      float[] w = new float[layer.weightCount()];
      int rows = layer.kernelArea() == 1 ? layer.inputs() : 1;
      int row = w.length / rows;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(flat, WEIGHTS[i] + r * WIDTH[i], w, r * row, row);
      }
      float[] b = new float[layer.outputs()];
      System.arraycopy(flat, BIASES[i], b, 0, b.length);
      weights.add(w);
      biases.add(b);
    }
    return new LeNetParameters(weights, biases);
  }
}
