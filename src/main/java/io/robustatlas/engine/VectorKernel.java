package io.robustatlas.engine;

import static io.robustatlas.engine.LeNetWeights.CONV_GROUP;
import static io.robustatlas.engine.LeNetWeights.DENSE_GROUP;
import static io.robustatlas.engine.LeNetWeights.KERNEL;

import io.robustatlas.engine.LeNetWeights.Conv;
import io.robustatlas.engine.LeNetWeights.Dense;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Pooling;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneKernel} on the JDK Vector API: one block is one SIMD register of images (8 on AVX2, 16
 * on AVX-512). Accumulators stay in registers: a convolution computes the four outputs of a 2×2
 * pooling window for {@link LeNetWeights#CONV_GROUP} channels at once (8 accumulators; per tap 4
 * input loads and 2 weight broadcasts feed 8 FMAs) and reduces them to one pooled value at once, so
 * the full-size convolution output is never written; a dense layer accumulates {@link
 * LeNetWeights#DENSE_GROUP} outputs per pass over its inputs.
 *
 * <p>Only {@link Engines} loads this class, and only where {@link Engines#vectorAvailable()}: a
 * JVM without the {@code jdk.incubator.vector} module never does. Not thread-safe: it owns its
 * scratch buffers.
 */
final class VectorKernel extends FusedLeNetKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);

  VectorKernel(LeNetWeights weights) {
    this(weights, false);
  }

  /** @param training whether to record pooling windows for a backward pass */
  VectorKernel(LeNetWeights weights, boolean training) {
    super(weights, LANES, training);
  }

  /**
   * The pooled outputs of channels {@code 2·group} and {@code 2·group + 1} at (py, px): eight
   * accumulators, a0..a3 and b0..b3 for the four positions of the pooling window.
   */
  @Override
  void convPair(Conv conv, float[] in, int group, int py, int px, float[] out, float[] window) {
    float[] w = conv.weights();
    int row = conv.inSide() * LANES;
    int plane = conv.inSide() * row;
    int taps = conv.inChannels() * KERNEL * KERNEL;
    int tap = group * taps * CONV_GROUP;
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    for (int ci = 0; ci < conv.inChannels(); ci++) {
      for (int ky = 0; ky < KERNEL; ky++) {
        int base = ci * plane + (2 * py + ky) * row + 2 * px * LANES;
        for (int kx = 0; kx < KERNEL; kx++, tap += CONV_GROUP) {
          FloatVector wa = FloatVector.broadcast(SPECIES, w[tap]);
          FloatVector wb = FloatVector.broadcast(SPECIES, w[tap + 1]);
          int at = base + kx * LANES;
          FloatVector v = FloatVector.fromArray(SPECIES, in, at);
          a0 = v.fma(wa, a0);
          b0 = v.fma(wb, b0);
          v = FloatVector.fromArray(SPECIES, in, at + LANES);
          a1 = v.fma(wa, a1);
          b1 = v.fma(wb, b1);
          v = FloatVector.fromArray(SPECIES, in, at + row);
          a2 = v.fma(wa, a2);
          b2 = v.fma(wb, b2);
          v = FloatVector.fromArray(SPECIES, in, at + row + LANES);
          a3 = v.fma(wa, a3);
          b3 = v.fma(wb, b3);
        }
      }
    }
    int channel = group * CONV_GROUP;
    if (!conv.pooled()) {
      int side = 2 * conv.pooledSide();
      int at = ((channel * side + 2 * py) * side + 2 * px) * LANES;
      int outRow = side * LANES;
      store(a0, a1, a2, a3, out, at, outRow);
      store(b0, b1, b2, b3, out, at + side * outRow, outRow);
      return;
    }
    int side = conv.pooledSide();
    int at = ((channel * side + py) * side + px) * LANES;
    int next = at + side * side * LANES;
    if (window != null) {
      poolBiasRelu(a0, a1, a2, a3, conv.bias()[channel], out, at, window);
      poolBiasRelu(b0, b1, b2, b3, conv.bias()[channel + 1], out, next, window);
      return;
    }
    pool(conv, a0, a1, a2, a3, conv.bias()[channel]).intoArray(out, at);
    pool(conv, b0, b1, b2, b3, conv.bias()[channel + 1]).intoArray(out, next);
  }

  /**
   * For training (ReLU and max pooling only): max(window) + bias, then ReLU, as {@link #pool}. The
   * window position recorded is the first maximum in row-major order, as DL4J's and PyTorch's
   * max-pooling backward passes choose it, or none where the ReLU is closed.
   */
  private static void poolBiasRelu(
      FloatVector v0,
      FloatVector v1,
      FloatVector v2,
      FloatVector v3,
      float bias,
      float[] out,
      int at,
      float[] window) {
    FloatVector max = v0.max(v1).max(v2.max(v3));
    FloatVector biased = max.add(bias);
    biased.max(0f).intoArray(out, at);
    FloatVector position = FloatVector.broadcast(SPECIES, 3f);
    position = position.blend(2f, v2.eq(max));
    position = position.blend(1f, v1.eq(max));
    position = position.blend(0f, v0.eq(max));
    position.blend(NO_WINDOW, biased.compare(VectorOperators.LE, 0f)).intoArray(window, at);
  }

  /** The four outputs of a window, unpooled: (0, 0), (0, 1), (1, 0), (1, 1). */
  private static void store(
      FloatVector v0,
      FloatVector v1,
      FloatVector v2,
      FloatVector v3,
      float[] out,
      int at,
      int row) {
    v0.intoArray(out, at);
    v1.intoArray(out, at + LANES);
    v2.intoArray(out, at + row);
    v3.intoArray(out, at + row + LANES);
  }

  /** As {@link ScalarKernel}: max then activate, or activate then average. */
  private static FloatVector pool(
      Conv conv, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float bias) {
    Activation activation = conv.activation();
    if (conv.pooling() == Pooling.MAX) {
      return activate(activation, v0.max(v1).max(v2.max(v3)).add(bias));
    }
    return activate(activation, v0.add(bias))
        .add(activate(activation, v1.add(bias)))
        .add(activate(activation, v2.add(bias)))
        .add(activate(activation, v3.add(bias)))
        .mul(0.25f);
  }

  /** The activation lane by lane, as {@link ScalarKernel#activate}. */
  private static FloatVector activate(Activation activation, FloatVector x) {
    return switch (activation) {
      case RELU -> x.max(0f);
      case TANH -> x.lanewise(VectorOperators.TANH);
      case SIGMOID -> ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
      case ELU -> x.lanewise(VectorOperators.EXPM1).blend(x, x.compare(VectorOperators.GT, 0f));
    };
  }

  @Override
  void dense(Dense layer, float[] in, float[] out) {
    for (int first = 0; first < layer.paddedOutputs(); first += DENSE_GROUP) {
      denseGroup(layer, in, first, out);
    }
  }

  /** Outputs {@code first .. first + 5}: six accumulators over all inputs. */
  private static void denseGroup(Dense layer, float[] in, int first, float[] out) {
    float[] w = layer.weights();
    int at = first * layer.inputs();
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
    for (int i = 0; i < layer.inputs(); i++, at += DENSE_GROUP) {
      FloatVector x = FloatVector.fromArray(SPECIES, in, i * LANES);
      s0 = x.fma(FloatVector.broadcast(SPECIES, w[at]), s0);
      s1 = x.fma(FloatVector.broadcast(SPECIES, w[at + 1]), s1);
      s2 = x.fma(FloatVector.broadcast(SPECIES, w[at + 2]), s2);
      s3 = x.fma(FloatVector.broadcast(SPECIES, w[at + 3]), s3);
      s4 = x.fma(FloatVector.broadcast(SPECIES, w[at + 4]), s4);
      s5 = x.fma(FloatVector.broadcast(SPECIES, w[at + 5]), s5);
    }
    float[] bias = layer.bias();
    Activation activation = layer.activation();
    finish(s0, bias[first], activation, out, first * LANES);
    finish(s1, bias[first + 1], activation, out, (first + 1) * LANES);
    finish(s2, bias[first + 2], activation, out, (first + 2) * LANES);
    finish(s3, bias[first + 3], activation, out, (first + 3) * LANES);
    finish(s4, bias[first + 4], activation, out, (first + 4) * LANES);
    finish(s5, bias[first + 5], activation, out, (first + 5) * LANES);
  }

  /** sum + bias, activated unless {@code activation} is null (the logits layer). */
  private static void finish(
      FloatVector sum, float bias, Activation activation, float[] out, int at) {
    FloatVector value = sum.add(bias);
    (activation == null ? value : activate(activation, value)).intoArray(out, at);
  }
}
