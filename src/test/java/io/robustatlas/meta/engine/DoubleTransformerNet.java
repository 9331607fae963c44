package io.robustatlas.meta.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transformer meta-network written again, for tests only, in double precision and sharing no
 * code with the engine: per-input ReLU encoders {@code relu(x_v·W_v + b_v)} ({@code x_v} the v-th
 * range of consecutive columns of a feature row), {@code layers} PyTorch post-norm Transformer
 * encoder layers (multi-head self-attention across the steps, then ReLU feed-forward; LayerNorm ε
 * 1e-5, biased variance), the mean over the steps, and one sigmoid unit with squared error or
 * cross-entropy. The mean loss over a minibatch and its analytic gradient.
 *
 * <p>It is deliberately written differently from the engine so that a shared mistake is unlikely:
 * one example at a time with one vector per step (the engine runs step-major blocks of rows through
 * matrix products), and the backward passes of the softmax and of LayerNorm go through their full
 * Jacobians rather than the engine's closed forms. Its parameters carry the engine's names and
 * row-major {@code rows × cols} shapes, so a test copies an engine network in by name.
 */
final class DoubleTransformerNet {
  private static final double LN_EPSILON = 1e-5;

  private final String[] inputs;
  private final int[] widths;
  private final int embed;
  private final int heads;
  private final int ff;
  private final int layers;
  private final boolean crossEntropy;
  private final Map<String, double[]> params = new LinkedHashMap<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();

  /**
   * @param inputs the inputs' names (for {@code encode_<input>_W} and {@code _b}), in step order
   * @param widths their widths
   * @param crossEntropy cross-entropy, else squared error
   */
  DoubleTransformerNet(
      String[] inputs, int[] widths, int embed, int heads, int ff, int layers,
      boolean crossEntropy) {
    this.inputs = inputs.clone();
    this.widths = widths.clone();
    this.embed = embed;
    this.heads = heads;
    this.ff = ff;
    this.layers = layers;
    this.crossEntropy = crossEntropy;
    for (int v = 0; v < inputs.length; v++) {
      add("encode_" + inputs[v] + "_W", widths[v], embed);
      add("encode_" + inputs[v] + "_b", 1, embed);
    }
    for (int l = 1; l <= layers; l++) {
      String p = layer(l);
      for (String key : new String[] {"q", "k", "v", "o"}) {
        add(p + "W" + key, embed, embed);
        add(p + "b" + key, 1, embed);
      }
      add(p + "ln1_gamma", 1, embed);
      add(p + "ln1_beta", 1, embed);
      add(p + "W1", embed, ff);
      add(p + "b1", 1, ff);
      add(p + "W2", ff, embed);
      add(p + "b2", 1, embed);
      add(p + "ln2_gamma", 1, embed);
      add(p + "ln2_beta", 1, embed);
    }
    add("output_W", embed, 1);
    add("output_b", 1, 1);
  }

  private void add(String name, int rows, int cols) {
    params.put(name, new double[rows * cols]);
    shapes.put(name, new int[] {rows, cols});
  }

  private static String layer(int l) {
    return "transformer_" + l + "_";
  }

  /** The live parameters by name, each row-major; all zero until the caller sets them. */
  Map<String, double[]> params() {
    return params;
  }

  /** {@code {rows, cols}} of parameter {@code name}. */
  int[] shape(String name) {
    return shapes.get(name).clone();
  }

  /** Mean loss over the rows {@code x[i]} with targets {@code y[i]}. */
  double loss(double[][] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += rowLoss(forward(x[i]).prediction, y[i]);
    }
    return sum / x.length;
  }

  /** Gradient of the mean loss by parameter name. */
  Map<String, double[]> gradient(double[][] x, double[] y) {
    Map<String, double[]> grads = new LinkedHashMap<>();
    params.forEach((name, value) -> grads.put(name, new double[value.length]));
    for (int i = 0; i < x.length; i++) {
      backward(forward(x[i]), y[i], grads);
    }
    grads.values().forEach(g -> scale(g, 1.0 / x.length));
    return grads;
  }

  private double rowLoss(double p, double y) {
    if (crossEntropy) {
      return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }
    return (p - y) * (p - y);
  }

  /** dLoss / d(pre-sigmoid). */
  private double rowLossGradient(double p, double y) {
    return crossEntropy ? p - y : 2 * (p - y) * p * (1 - p);
  }

  /** One example's activations. */
  private static final class Trace {
    double[] features;
    double[][] encoded;
    LayerTrace[] layers;
    double[] pooled;
    double prediction;
  }

  /** One transformer layer's activations for one example: {@code [step][feature]}. */
  private static final class LayerTrace {
    double[][] in;
    double[][] q;
    double[][] k;
    double[][] v;
    /** {@code [head][query step][key step]}. */
    double[][][] probs;
    double[][] context;
    Norm norm1;
    double[][] hiddenPre;
    double[][] hidden;
    Norm norm2;
  }

  /** A LayerNorm's input and output, per step. */
  private record Norm(double[][] in, double[][] out) {}

  private Trace forward(double[] features) {
    Trace trace = new Trace();
    trace.features = features;
    int steps = inputs.length;
    trace.encoded = new double[steps][];
    int offset = 0;
    for (int v = 0; v < steps; v++) {
      double[] part = new double[widths[v]];
      System.arraycopy(features, offset, part, 0, widths[v]);
      offset += widths[v];
      String name = "encode_" + inputs[v];
      trace.encoded[v] = relu(affine(part, name + "_W", name + "_b"));
    }
    trace.layers = new LayerTrace[layers];
    double[][] sequence = trace.encoded;
    for (int l = 1; l <= layers; l++) {
      trace.layers[l - 1] = layerForward(layer(l), sequence);
      sequence = trace.layers[l - 1].norm2.out;
    }
    trace.pooled = new double[embed];
    for (double[] step : sequence) {
      for (int j = 0; j < embed; j++) {
        trace.pooled[j] += step[j] / steps;
      }
    }
    double z = affine(trace.pooled, "output_W", "output_b")[0];
    trace.prediction = 1 / (1 + Math.exp(-z));
    return trace;
  }

  private LayerTrace layerForward(String p, double[][] x) {
    LayerTrace t = new LayerTrace();
    int steps = x.length;
    t.in = x;
    t.q = new double[steps][];
    t.k = new double[steps][];
    t.v = new double[steps][];
    for (int s = 0; s < steps; s++) {
      t.q[s] = affine(x[s], p + "Wq", p + "bq");
      t.k[s] = affine(x[s], p + "Wk", p + "bk");
      t.v[s] = affine(x[s], p + "Wv", p + "bv");
    }
    attention(t);
    double[][] sum1 = new double[steps][];
    for (int s = 0; s < steps; s++) {
      sum1[s] = plus(x[s], affine(t.context[s], p + "Wo", p + "bo"));
    }
    t.norm1 = layerNorm(sum1, p + "ln1_gamma", p + "ln1_beta");
    t.hiddenPre = new double[steps][];
    t.hidden = new double[steps][];
    double[][] sum2 = new double[steps][];
    for (int s = 0; s < steps; s++) {
      double[] x1 = t.norm1.out[s];
      t.hiddenPre[s] = affine(x1, p + "W1", p + "b1");
      t.hidden[s] = relu(t.hiddenPre[s]);
      sum2[s] = plus(x1, affine(t.hidden[s], p + "W2", p + "b2"));
    }
    t.norm2 = layerNorm(sum2, p + "ln2_gamma", p + "ln2_beta");
    return t;
  }

  /** Per head: softmax of the scaled query-key dot products, and the values mixed by them. */
  private void attention(LayerTrace t) {
    int steps = t.q.length;
    int dim = embed / heads;
    double scale = 1 / Math.sqrt(dim);
    t.probs = new double[heads][steps][steps];
    t.context = new double[steps][embed];
    for (int h = 0; h < heads; h++) {
      for (int s = 0; s < steps; s++) {
        double[] scores = new double[steps];
        for (int u = 0; u < steps; u++) {
          for (int i = h * dim; i < (h + 1) * dim; i++) {
            scores[u] += t.q[s][i] * t.k[u][i] * scale;
          }
        }
        t.probs[h][s] = softmax(scores);
        for (int u = 0; u < steps; u++) {
          for (int i = h * dim; i < (h + 1) * dim; i++) {
            t.context[s][i] += t.probs[h][s][u] * t.v[u][i];
          }
        }
      }
    }
  }

  private void backward(Trace trace, double y, Map<String, double[]> grads) {
    double dz = rowLossGradient(trace.prediction, y);
    double[] dPooled =
        affineBackward(trace.pooled, new double[] {dz}, "output_W", "output_b", grads);
    int steps = inputs.length;
    double[][] delta = new double[steps][];
    for (int s = 0; s < steps; s++) {
      delta[s] = dPooled.clone();
      scale(delta[s], 1.0 / steps);
    }
    for (int l = layers; l >= 1; l--) {
      delta = layerBackward(layer(l), trace.layers[l - 1], delta, grads);
    }
    int offset = 0;
    for (int v = 0; v < steps; v++) {
      double[] part = new double[widths[v]];
      System.arraycopy(trace.features, offset, part, 0, widths[v]);
      offset += widths[v];
      double[] dPre = reluBackward(trace.encoded[v], delta[v]);
      affineBackward(part, dPre, "encode_" + inputs[v] + "_W", "encode_" + inputs[v] + "_b", grads);
    }
  }

  /** Adds the layer's parameter gradients; returns dLoss / d(layer input). */
  private double[][] layerBackward(
      String p, LayerTrace t, double[][] dOut, Map<String, double[]> grads) {
    int steps = dOut.length;
    double[][] dSum2 = layerNormBackward(t.norm2, dOut, p + "ln2_gamma", p + "ln2_beta", grads);
    double[][] dSum1Out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      double[] dHidden = affineBackward(t.hidden[s], dSum2[s], p + "W2", p + "b2", grads);
      double[] dPre = reluBackward(t.hidden[s], dHidden);
      dSum1Out[s] = plus(dSum2[s], affineBackward(t.norm1.out[s], dPre, p + "W1", p + "b1", grads));
    }
    double[][] dSum1 = layerNormBackward(t.norm1, dSum1Out, p + "ln1_gamma", p + "ln1_beta", grads);
    double[][] dContext = new double[steps][];
    for (int s = 0; s < steps; s++) {
      dContext[s] = affineBackward(t.context[s], dSum1[s], p + "Wo", p + "bo", grads);
    }
    double[][][] dqkv = attentionBackward(t, dContext);
    double[][] dx = new double[steps][];
    for (int s = 0; s < steps; s++) {
      dx[s] = plus(dSum1[s], affineBackward(t.in[s], dqkv[0][s], p + "Wq", p + "bq", grads));
      dx[s] = plus(dx[s], affineBackward(t.in[s], dqkv[1][s], p + "Wk", p + "bk", grads));
      dx[s] = plus(dx[s], affineBackward(t.in[s], dqkv[2][s], p + "Wv", p + "bv", grads));
    }
    return dx;
  }

  /** {@code {dq, dk, dv}} from the context's gradient, through the softmax's Jacobian. */
  private double[][][] attentionBackward(LayerTrace t, double[][] dContext) {
    int steps = t.q.length;
    int dim = embed / heads;
    double scale = 1 / Math.sqrt(dim);
    double[][] dq = new double[steps][embed];
    double[][] dk = new double[steps][embed];
    double[][] dv = new double[steps][embed];
    for (int h = 0; h < heads; h++) {
      for (int s = 0; s < steps; s++) {
        double[] prob = t.probs[h][s];
        double[] dProb = new double[steps];
        for (int u = 0; u < steps; u++) {
          for (int i = h * dim; i < (h + 1) * dim; i++) {
            dProb[u] += dContext[s][i] * t.v[u][i];
            dv[u][i] += prob[u] * dContext[s][i];
          }
        }
        for (int w = 0; w < steps; w++) {
          double dScore = 0;
          for (int u = 0; u < steps; u++) {
            dScore += dProb[u] * prob[u] * ((u == w ? 1 : 0) - prob[w]);
          }
          for (int i = h * dim; i < (h + 1) * dim; i++) {
            dq[s][i] += dScore * scale * t.k[w][i];
            dk[w][i] += dScore * scale * t.q[s][i];
          }
        }
      }
    }
    return new double[][][] {dq, dk, dv};
  }

  /** LayerNorm of each step's vector, with gain and bias. */
  private Norm layerNorm(double[][] in, String gamma, String beta) {
    double[][] out = new double[in.length][embed];
    for (int s = 0; s < in.length; s++) {
      double[] hat = normalise(in[s]);
      for (int j = 0; j < embed; j++) {
        out[s][j] = params.get(gamma)[j] * hat[j] + params.get(beta)[j];
      }
    }
    return new Norm(in, out);
  }

  /** {@code (y − mean) / σ}. */
  private static double[] normalise(double[] y) {
    double mean = mean(y);
    double sigma = sigma(y);
    double[] hat = new double[y.length];
    for (int j = 0; j < y.length; j++) {
      hat[j] = (y[j] - mean) / sigma;
    }
    return hat;
  }

  private static double mean(double[] y) {
    double mean = 0;
    for (double value : y) {
      mean += value / y.length;
    }
    return mean;
  }

  /** {@code σ = √(biased variance + ε)}. */
  private static double sigma(double[] y) {
    double mean = mean(y);
    double variance = 0;
    for (double value : y) {
      variance += (value - mean) * (value - mean) / y.length;
    }
    return Math.sqrt(variance + LN_EPSILON);
  }

  /**
   * Adds the gain's and bias's gradients; returns the input's, through the normalisation's
   * Jacobian.
   */
  private double[][] layerNormBackward(
      Norm norm, double[][] dOut, String gamma, String beta, Map<String, double[]> grads) {
    double[][] dIn = new double[dOut.length][embed];
    double[] g = params.get(gamma);
    for (int s = 0; s < dOut.length; s++) {
      double[] hat = normalise(norm.in[s]);
      double sigma = sigma(norm.in[s]);
      for (int j = 0; j < embed; j++) {
        grads.get(gamma)[j] += dOut[s][j] * hat[j];
        grads.get(beta)[j] += dOut[s][j];
        for (int i = 0; i < embed; i++) {
          // d hat_j / d y_i = (δ_ij − 1/E − hat_i·hat_j / E) / σ.
          double jacobian = ((i == j ? 1 : 0) - 1.0 / embed - hat[i] * hat[j] / embed) / sigma;
          dIn[s][i] += dOut[s][j] * g[j] * jacobian;
        }
      }
    }
    return dIn;
  }

  /** {@code in·W + b} for a row vector. */
  private double[] affine(double[] in, String w, String b) {
    double[] weights = params.get(w);
    double[] out = params.get(b).clone();
    for (int i = 0; i < in.length; i++) {
      for (int j = 0; j < out.length; j++) {
        out[j] += in[i] * weights[i * out.length + j];
      }
    }
    return out;
  }

  /** Adds W's and b's gradients for one row; returns {@code dOut·Wᵀ}. */
  private double[] affineBackward(
      double[] in, double[] dOut, String w, String b, Map<String, double[]> grads) {
    double[] weights = params.get(w);
    double[] dW = grads.get(w);
    double[] db = grads.get(b);
    double[] dIn = new double[in.length];
    for (int j = 0; j < dOut.length; j++) {
      db[j] += dOut[j];
      for (int i = 0; i < in.length; i++) {
        dW[i * dOut.length + j] += in[i] * dOut[j];
        dIn[i] += weights[i * dOut.length + j] * dOut[j];
      }
    }
    return dIn;
  }

  private static double[] softmax(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double score : scores) {
      max = Math.max(max, score);
    }
    double sum = 0;
    double[] out = new double[scores.length];
    for (int u = 0; u < scores.length; u++) {
      out[u] = Math.exp(scores[u] - max);
      sum += out[u];
    }
    scale(out, 1 / sum);
    return out;
  }

  private static double[] relu(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.max(x[i], 0);
    }
    return out;
  }

  /** The gradient through a ReLU whose output was {@code y}: zero where {@code y = 0}. */
  private static double[] reluBackward(double[] y, double[] dy) {
    double[] out = new double[dy.length];
    for (int i = 0; i < dy.length; i++) {
      out[i] = y[i] > 0 ? dy[i] : 0;
    }
    return out;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static void scale(double[] x, double factor) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
  }
}
