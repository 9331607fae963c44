package io.robustatlas.meta.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole {@code gru} meta-network written out again in double precision, one row at a time,
 * as the oracle of {@link GruStepTest}. It shares no code with the engine: it knows only the
 * engine's parameter names and their row-major shapes.
 *
 * <p>Row x (the inputs' vectors side by side) gives encodings {@code e_v = relu(x_v·W_v + b_v)}
 * ({@code encode_<input>_W}, {@code _b}), then {@code layers} GRU layers ({@code gru_<l>_W}, {@code
 * _RW}, {@code _b}, {@code _Rb}, gate columns r | z | n, PyTorch's equations), the first reading
 * step t = e_t, then {@code p = σ(h_last·output_W + output_b)} and the loss {@code (p − y)²} or
 * {@code −(y log p + (1 − y) log(1 − p))}. {@link #loss} is the mean over the rows and {@link
 * #gradient} its analytic gradient, checked against central differences by {@link
 * DoubleGruNetTest}.
 */
final class DoubleGruNet {
  /** The head's loss. */
  enum Loss {
    SQUARED,
    CROSS_ENTROPY
  }

  private final List<String> inputs;
  private final int[] widths;
  private final int embed;
  private final int layers;
  private final Loss loss;
  private final Map<String, double[]> params;

  /** @param params every parameter by name, row-major; read, never changed */
  DoubleGruNet(
      List<String> inputs, int[] widths, int embed, int layers, Loss loss,
      Map<String, double[]> params) {
    this.inputs = List.copyOf(inputs);
    this.widths = widths.clone();
    this.embed = embed;
    this.layers = layers;
    this.loss = loss;
    this.params = params;
  }

  /** Every parameter's name and size, in no particular order. */
  static Map<String, Integer> shapes(List<String> inputs, int[] widths, int embed, int layers) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (int v = 0; v < inputs.size(); v++) {
      sizes.put("encode_" + inputs.get(v) + "_W", widths[v] * embed);
      sizes.put("encode_" + inputs.get(v) + "_b", embed);
    }
    for (int l = 1; l <= layers; l++) {
      sizes.put("gru_" + l + "_W", embed * 3 * embed);
      sizes.put("gru_" + l + "_RW", embed * 3 * embed);
      sizes.put("gru_" + l + "_b", 3 * embed);
      sizes.put("gru_" + l + "_Rb", 3 * embed);
    }
    sizes.put("output_W", embed);
    sizes.put("output_b", 1);
    return sizes;
  }

  /** Mean loss over the rows {@code x[i]} with targets {@code y[i]}. */
  double loss(double[][] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double p = forward(x[i]).p;
      sum += loss == Loss.SQUARED
          ? (p - y[i]) * (p - y[i])
          : -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    }
    return sum / x.length;
  }

  /** The gradient of {@link #loss} by parameter name. */
  Map<String, double[]> gradient(double[][] x, double[] y) {
    Map<String, double[]> grads = new LinkedHashMap<>();
    shapes(inputs, widths, embed, layers)
        .forEach((name, size) -> grads.put(name, new double[size]));
    for (int i = 0; i < x.length; i++) {
      backward(x[i], y[i], forward(x[i]), grads);
    }
    for (double[] g : grads.values()) {
      for (int k = 0; k < g.length; k++) {
        g[k] /= x.length;
      }
    }
    return grads;
  }

  /** One row's activations: encodings, and per layer and step the gates and states. */
  private static final class Trace {
    final double[][] encoded;
    final double[][][] r;
    final double[][][] z;
    final double[][][] n;
    /** {@code h_{t−1}·RW_n + Rb_n}, the candidate's hidden part before r scales it. */
    final double[][][] hiddenN;
    /** {@code h[l][t]}: layer l's state after step t. */
    final double[][][] h;
    double p;

    Trace(int layers, int steps, int embed) {
      encoded = new double[steps][embed];
      r = new double[layers][steps][embed];
      z = new double[layers][steps][embed];
      n = new double[layers][steps][embed];
      hiddenN = new double[layers][steps][embed];
      h = new double[layers][steps][embed];
    }
  }

  private Trace forward(double[] x) {
    int steps = widths.length;
    Trace trace = new Trace(layers, steps, embed);
    int offset = 0;
    for (int v = 0; v < steps; v++) {
      double[] w = params.get("encode_" + inputs.get(v) + "_W");
      double[] b = params.get("encode_" + inputs.get(v) + "_b");
      for (int k = 0; k < embed; k++) {
        double a = b[k];
        for (int i = 0; i < widths[v]; i++) {
          a += x[offset + i] * w[i * embed + k];
        }
        trace.encoded[v][k] = Math.max(a, 0);
      }
      offset += widths[v];
    }
    for (int l = 0; l < layers; l++) {
      double[][] below = l == 0 ? trace.encoded : trace.h[l - 1];
      for (int t = 0; t < steps; t++) {
        gruStep(l, t, below[t], t == 0 ? new double[embed] : trace.h[l][t - 1], trace);
      }
    }
    double[] top = trace.h[layers - 1][steps - 1];
    double s = params.get("output_b")[0];
    for (int j = 0; j < embed; j++) {
      s += top[j] * params.get("output_W")[j];
    }
    trace.p = sigmoid(s);
    return trace;
  }

  /** Step t of layer l (0-based) from input {@code in} and state {@code before}. */
  private void gruStep(int l, int t, double[] in, double[] before, Trace trace) {
    String name = "gru_" + (l + 1);
    double[] inputSide = affine(in, params.get(name + "_W"), params.get(name + "_b"));
    double[] hiddenSide = affine(before, params.get(name + "_RW"), params.get(name + "_Rb"));
    for (int j = 0; j < embed; j++) {
      double r = sigmoid(inputSide[j] + hiddenSide[j]);
      double z = sigmoid(inputSide[embed + j] + hiddenSide[embed + j]);
      double n = Math.tanh(inputSide[2 * embed + j] + r * hiddenSide[2 * embed + j]);
      trace.r[l][t][j] = r;
      trace.z[l][t][j] = z;
      trace.n[l][t][j] = n;
      trace.hiddenN[l][t][j] = hiddenSide[2 * embed + j];
      trace.h[l][t][j] = (1 - z) * n + z * before[j];
    }
  }

  /** {@code v·W + b} for W of {@code v.length} rows of {@code b.length} columns. */
  private static double[] affine(double[] v, double[] w, double[] b) {
    double[] out = b.clone();
    for (int i = 0; i < v.length; i++) {
      for (int c = 0; c < out.length; c++) {
        out[c] += v[i] * w[i * out.length + c];
      }
    }
    return out;
  }

  private void backward(double[] x, double y, Trace trace, Map<String, double[]> grads) {
    int steps = widths.length;
    double p = trace.p;
    double ds = loss == Loss.SQUARED ? 2 * (p - y) * p * (1 - p) : p - y;
    double[] top = trace.h[layers - 1][steps - 1];
    double[][] dOut = new double[steps][embed];
    for (int j = 0; j < embed; j++) {
      grads.get("output_W")[j] += ds * top[j];
      dOut[steps - 1][j] = ds * params.get("output_W")[j];
    }
    grads.get("output_b")[0] += ds;
    for (int l = layers - 1; l >= 0; l--) {
      dOut = layerBackward(l, l == 0 ? trace.encoded : trace.h[l - 1], dOut, trace, grads);
    }
    int offset = 0;
    for (int v = 0; v < steps; v++) {
      double[] gw = grads.get("encode_" + inputs.get(v) + "_W");
      double[] gb = grads.get("encode_" + inputs.get(v) + "_b");
      for (int k = 0; k < embed; k++) {
        double da = trace.encoded[v][k] > 0 ? dOut[v][k] : 0;
        gb[k] += da;
        for (int i = 0; i < widths[v]; i++) {
          gw[i * embed + k] += x[offset + i] * da;
        }
      }
      offset += widths[v];
    }
  }

  /**
   * Backpropagates {@code dOut} (dL/dh of layer l at each step, from above) through layer l, adds
   * its parameters' gradients, and returns dL/d(its input) at each step.
   */
  private double[][] layerBackward(
      int l, double[][] below, double[][] dOut, Trace trace, Map<String, double[]> grads) {
    int steps = widths.length;
    String name = "gru_" + (l + 1);
    double[][] dIn = new double[steps][];
    double[] carry = new double[embed];
    for (int t = steps - 1; t >= 0; t--) {
      double[] before = t == 0 ? new double[embed] : trace.h[l][t - 1];
      double[] dInputSide = new double[3 * embed];
      double[] dHiddenSide = new double[3 * embed];
      double[] dBefore = new double[embed];
      for (int j = 0; j < embed; j++) {
        double dh = dOut[t][j] + carry[j];
        double r = trace.r[l][t][j];
        double z = trace.z[l][t][j];
        double n = trace.n[l][t][j];
        double dn = dh * (1 - z) * (1 - n * n);
        double dz = dh * (before[j] - n) * z * (1 - z);
        double dr = dn * trace.hiddenN[l][t][j] * r * (1 - r);
        dBefore[j] = dh * z;
        dInputSide[j] = dr;
        dInputSide[embed + j] = dz;
        dInputSide[2 * embed + j] = dn;
        dHiddenSide[j] = dr;
        dHiddenSide[embed + j] = dz;
        dHiddenSide[2 * embed + j] = r * dn;
      }
      dIn[t] = affineBackward(below[t], params.get(name + "_W"), dInputSide,
          grads.get(name + "_W"), grads.get(name + "_b"));
      double[] viaWeights = affineBackward(before, params.get(name + "_RW"), dHiddenSide,
          grads.get(name + "_RW"), grads.get(name + "_Rb"));
      for (int j = 0; j < embed; j++) {
        carry[j] = dBefore[j] + viaWeights[j];
      }
    }
    return dIn;
  }

  /**
   * For {@code out = v·W + b} with dL/d(out) = {@code dOut}: adds {@code vᵀ·dOut} to {@code gw}
   * and {@code dOut} to {@code gb}, and returns dL/dv = {@code W·dOut}.
   */
  private static double[] affineBackward(
      double[] v, double[] w, double[] dOut, double[] gw, double[] gb) {
    int cols = dOut.length;
    double[] dv = new double[v.length];
    for (int c = 0; c < cols; c++) {
      gb[c] += dOut[c];
    }
    for (int i = 0; i < v.length; i++) {
      for (int c = 0; c < cols; c++) {
        gw[i * cols + c] += v[i] * dOut[c];
        dv[i] += w[i * cols + c] * dOut[c];
      }
    }
    return dv;
  }

  private static double sigmoid(double s) {
    return 1 / (1 + Math.exp(-s));
  }
}
