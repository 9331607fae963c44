package io.robustatlas.meta.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A meta-network of the engine: its parameters in one float vector ({@link #params()}, laid out by
 * {@link #layout()}) and the forward and backward passes over a unit of rows. A sequence body
 * encodes each input with a dense ReLU layer to {@code embed} units, runs its layers over the
 * encodings as a sequence (step t = input t), and reads out the last step or the mean of the
 * steps; the MLP runs dense ReLU layers on the concatenated inputs. The head is one sigmoid unit.
 */
public final class MetaNet {
  private final NetSpec spec;
  private final ParamLayout layout = new ParamLayout();
  private final int[] encoderW;
  private final int[] encoderB;
  private final int[] inputOffsets;
  private final List<SequenceLayer> layers = new ArrayList<>();
  private final int[] denseW;
  private final int[] denseB;
  private final int headW;
  private final int headB;
  private final float[] params;
  private final float[] transposed;

  private MetaNet(NetSpec spec) {
    this.spec = spec;
    int[] widths = spec.widths();
    this.inputOffsets = new int[widths.length];
    for (int v = 1; v < widths.length; v++) {
      inputOffsets[v] = inputOffsets[v - 1] + widths[v - 1];
    }
    int embed = spec.embed();
    if (spec.body().sequential()) {
      encoderW = new int[widths.length];
      encoderB = new int[widths.length];
      for (int v = 0; v < widths.length; v++) {
        encoderW[v] = layout.inputWeight(NetNames.encoder(spec, v) + "_W", widths[v], embed);
        encoderB[v] = layout.bias(NetNames.encoder(spec, v) + "_b", embed);
      }
      for (int l = 1; l <= spec.layers(); l++) {
        layers.add(SequenceLayers.create(spec, layout, NetNames.layer(spec, l), l == spec.layers()));
      }
      denseW = new int[0];
      denseB = new int[0];
    } else {
      encoderW = new int[0];
      encoderB = new int[0];
      denseW = new int[spec.layers()];
      denseB = new int[spec.layers()];
      int in = spec.featureCount();
      for (int l = 0; l < spec.layers(); l++) {
        String name = NetNames.layer(spec, l + 1) + "_W";
        denseW[l] = l == 0 ? layout.inputWeight(name, in, embed) : layout.weight(name, in, embed);
        denseB[l] = layout.bias(NetNames.layer(spec, l + 1) + "_b", embed);
        in = embed;
      }
    }
    this.headW = layout.inputWeight(NetNames.OUTPUT + "_W", embed, 1);
    this.headB = layout.bias(NetNames.OUTPUT + "_b", 1);
    this.params = new float[layout.size()];
    this.transposed = new float[layout.size()];
  }

  /** A network with the seeded initial weights of {@link ParamInit} and its layers' biases. */
  public static MetaNet create(NetSpec spec, long seed) {
    MetaNet net = new MetaNet(spec);
    ParamInit.initialise(net.layout, net.params, seed);
    net.layers.forEach(layer -> layer.initialiseBiases(net.params));
    net.refreshTransposed();
    return net;
  }

  public NetSpec spec() {
    return spec;
  }

  public ParamLayout layout() {
    return layout;
  }

  /** The live parameters; call {@link #refreshTransposed()} after changing them. */
  public float[] params() {
    return params;
  }

  /**
   * The weights a backward pass multiplies by transposed ({@link ParamLayout#weight}), each at its
   * own offset; other offsets hold nothing.
   */
  float[] transposed() {
    return transposed;
  }

  /** Brings the transposed copies up to date with {@link #params()}. */
  public void refreshTransposed() {
    for (ParamLayout.Param param : layout.transposedParams()) {
      int at = param.offset();
      int rows = param.rows();
      int cols = param.cols();
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          transposed[at + c * rows + r] = params[at + r * cols + c];
        }
      }
    }
  }

  int steps() {
    return spec.body().sequential() ? spec.steps() : 1;
  }

  /** Width of one step of the body's activations and of each MLP level: {@code embed}. */
  int stepWidth() {
    return spec.embed();
  }

  int layerCount() {
    return spec.body().sequential() ? layers.size() : denseW.length;
  }

  Object[] newCaches(int rows) {
    Object[] caches = new Object[layers.size()];
    for (int l = 0; l < caches.length; l++) {
      caches[l] = layers.get(l).newCache(rows, spec.steps());
    }
    return caches;
  }

  /** A workspace for units of at most {@code rows} rows. */
  Pass newPass(Kernels kernels, int rows, boolean training) {
    return new Pass(this, kernels, rows, training);
  }

  /**
   * The sigmoid outputs of the {@code m} rows in {@code pass.x}, into {@code pass.predictions}.
   */
  void forward(Pass pass, int m) {
    float[] h = spec.body().sequential() ? sequenceForward(pass, m) : mlpForward(pass, m);
    Kernels k = pass.kernels();
    k.multiply(h, 0, spec.embed(), params, headW, pass.predictions, 0, m, spec.embed(), 1, false);
    for (int r = 0; r < m; r++) {
      pass.predictions[r] += params[headB];
    }
    k.sigmoid(pass.predictions, 0, m);
  }

  /**
   * Forward and backward over the {@code m} rows in {@code pass.x} with targets {@code
   * pass.targets}: adds the summed gradient of the loss to {@code pass.grads()} and returns the
   * summed loss.
   */
  double train(Pass pass, int m) {
    forward(pass, m);
    float[] dz = pass.targets.clone();
    double loss = Losses.backward(spec.loss(), pass.predictions, pass.targets, dz, m);
    float[] g = pass.grads();
    int embed = spec.embed();
    float[] h = pass.readout;
    pass.kernels().multiplyTransposed(h, 0, embed, dz, 0, g, headW, m, embed, 1);
    Rows.sumInto(dz, 0, m, 1, g, headB);
    float[] dh = pass.readoutDelta;
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < embed; j++) {
        dh[r * embed + j] = dz[r] * params[headW + j];
      }
    }
    if (spec.body().sequential()) {
      sequenceBackward(pass, m);
    } else {
      mlpBackward(pass, m);
    }
    return loss;
  }

  private float[] sequenceForward(Pass pass, int m) {
    Kernels k = pass.kernels();
    int embed = spec.embed();
    int features = spec.featureCount();
    int block = m * embed;
    float[] encoded = pass.activations[0];
    int[] widths = spec.widths();
    for (int v = 0; v < widths.length; v++) {
      k.multiply(pass.x, inputOffsets[v], features, params, encoderW[v], encoded, v * block, m,
          widths[v], embed, false);
      Rows.addBias(encoded, v * block, m, embed, params, encoderB[v]);
      Rows.relu(encoded, v * block, block);
    }
    for (int l = 0; l < layers.size(); l++) {
      layers.get(l).forward(pass, pass.caches[l], pass.activations[l], pass.activations[l + 1], m);
    }
    float[] last = pass.activations[layers.size()];
    int steps = spec.steps();
    float[] h = pass.readout;
    if (spec.body().readout() == NetSpec.Readout.LAST) {
      System.arraycopy(last, (steps - 1) * block, h, 0, block);
    } else {
      java.util.Arrays.fill(h, 0, block, 0f);
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < block; i++) {
          h[i] += last[t * block + i];
        }
      }
      float scale = 1f / steps;
      for (int i = 0; i < block; i++) {
        h[i] *= scale;
      }
    }
    return h;
  }

  private void sequenceBackward(Pass pass, int m) {
    int embed = spec.embed();
    int steps = spec.steps();
    int block = m * embed;
    float[] delta = pass.delta;
    float[] below = pass.deltaBelow;
    if (spec.body().readout() == NetSpec.Readout.LAST) {
      java.util.Arrays.fill(delta, 0, (steps - 1) * block, 0f);
      System.arraycopy(pass.readoutDelta, 0, delta, (steps - 1) * block, block);
    } else {
      float scale = 1f / steps;
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < block; i++) {
          delta[t * block + i] = pass.readoutDelta[i] * scale;
        }
      }
    }
    for (int l = layers.size() - 1; l >= 0; l--) {
      layers.get(l).backward(pass, pass.caches[l], pass.activations[l], pass.activations[l + 1],
          delta, below, m);
      float[] swap = delta;
      delta = below;
      below = swap;
    }
    Kernels k = pass.kernels();
    float[] encoded = pass.activations[0];
    float[] g = pass.grads();
    int features = spec.featureCount();
    int[] widths = spec.widths();
    for (int v = 0; v < widths.length; v++) {
      Rows.reluBackward(encoded, v * block, delta, v * block, block);
      k.multiplyTransposed(pass.x, inputOffsets[v], features, delta, v * block, g, encoderW[v], m,
          widths[v], embed);
      Rows.sumInto(delta, v * block, m, embed, g, encoderB[v]);
    }
  }

  private float[] mlpForward(Pass pass, int m) {
    Kernels k = pass.kernels();
    int embed = spec.embed();
    float[] in = pass.x;
    int inWidth = spec.featureCount();
    for (int l = 0; l < denseW.length; l++) {
      float[] out = l == denseW.length - 1 ? pass.readout : pass.activations[l + 1];
      k.multiply(in, 0, inWidth, params, denseW[l], out, 0, m, inWidth, embed, false);
      Rows.addBias(out, 0, m, embed, params, denseB[l]);
      Rows.relu(out, 0, m * embed);
      in = out;
      inWidth = embed;
    }
    return pass.readout;
  }

  private void mlpBackward(Pass pass, int m) {
    Kernels k = pass.kernels();
    float[] g = pass.grads();
    int embed = spec.embed();
    float[] delta = pass.delta;
    System.arraycopy(pass.readoutDelta, 0, delta, 0, m * embed);
    for (int l = denseW.length - 1; l >= 0; l--) {
      float[] out = l == denseW.length - 1 ? pass.readout : pass.activations[l + 1];
      float[] in = l == 0 ? pass.x : pass.activations[l];
      int inWidth = l == 0 ? spec.featureCount() : embed;
      Rows.reluBackward(out, 0, delta, 0, m * embed);
      k.multiplyTransposed(in, 0, inWidth, delta, 0, g, denseW[l], m, inWidth, embed);
      Rows.sumInto(delta, 0, m, embed, g, denseB[l]);
      if (l > 0) {
        k.multiply(delta, 0, embed, transposed, denseW[l], pass.deltaBelow, 0, m, embed, inWidth,
            false);
        System.arraycopy(pass.deltaBelow, 0, delta, 0, m * inWidth);
      }
    }
  }
}
