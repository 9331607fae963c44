package io.robustatlas.engine;

import static io.robustatlas.engine.LeNetWeights.KERNEL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneBackprop} on the JDK Vector API, one block being one SIMD register of images, as in
 * {@link VectorKernel}. A dense layer's weight gradient is a small matrix product {@code in ×
 * dOutᵀ} over the block's images, computed with the output gradient transposed so that whole
 * vectors run along a padded row of outputs ({@link TrainingLayout}); its input gradient and the
 * convolutions' weight gradients run along the lanes, a convolution keeping ten accumulators (two
 * output channels × five kernel columns) in registers. Those are stored as they are and summed
 * over the lanes in plain Java once per block: JDK 17's {@code reduceLanes(ADD)} on floats is not
 * compiled to SIMD code and took 30 times the convolution's own time. Only loaded where {@link
 * Engines#vectorAvailable()}. Not thread-safe: it owns scratch buffers.
 */
final class VectorBackprop extends LaneBackprop {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int WIDEST = 128;
  private static final int MOST_CONV_PARAMETERS = 16 * 6 * KERNEL * KERNEL + 16;

  /** The output gradient of a dense layer, transposed: {@code [lane][output]}, padded rows. */
  private final float[] transposed = new float[LANES * WIDEST];

  /**
   * A convolution's weight and bias gradients before the sum over lanes: {@code [parameter][lane]},
   * parameters in the layer's order in {@link TrainingLayout} (weights, then biases).
   */
  private final float[] laneSums = new float[LANES * MOST_CONV_PARAMETERS];

  VectorBackprop() {
    super(LANES);
  }

  @Override
  void dense(
      int layer, int inputs, int outputs, float[] in, float[] dOut, float[] dIn, float[] params,
      float[] grad) {
    int width = TrainingLayout.width(layer);
    transpose(dOut, outputs, width);
    int bias = TrainingLayout.bias(layer);
    for (int o = 0; o < width; o += LANES) {
      FloatVector sum = FloatVector.fromArray(SPECIES, grad, bias + o);
      for (int l = 0; l < LANES; l++) {
        sum = sum.add(FloatVector.fromArray(SPECIES, transposed, l * width + o));
      }
      sum.intoArray(grad, bias + o);
    }
    int weights = TrainingLayout.weights(layer);
    for (int i = 0; i < inputs; i++) {
      weightRow(in, i * LANES, grad, weights + i * width, width);
    }
    if (dIn != null) {
      for (int i = 0; i < inputs; i++) {
        inputGradient(in, dOut, outputs, params, weights + i * width, dIn, i * LANES);
      }
    }
  }

  /** {@code dOut} ({@code [output][lane]}) into {@link #transposed}, zero beyond {@code outputs}. */
  private void transpose(float[] dOut, int outputs, int width) {
    for (int l = 0; l < LANES; l++) {
      int row = l * width;
      for (int o = 0; o < outputs; o++) {
        transposed[row + o] = dOut[o * LANES + l];
      }
      for (int o = outputs; o < width; o++) {
        transposed[row + o] = 0f;
      }
    }
  }

  /** One row of the weight gradient: {@code grad[row + o] += Σ_lanes in[lane] · dOut[o][lane]}. */
  private void weightRow(float[] in, int at, float[] grad, int row, int width) {
    for (int o = 0; o < width; o += LANES) {
      FloatVector sum = FloatVector.fromArray(SPECIES, grad, row + o);
      for (int l = 0; l < LANES; l++) {
        FloatVector d = FloatVector.fromArray(SPECIES, transposed, l * width + o);
        sum = d.fma(FloatVector.broadcast(SPECIES, in[at + l]), sum);
      }
      sum.intoArray(grad, row + o);
    }
  }

  /** One input's gradient over the lanes: {@code Σ_o W[i][o] · dOut[o]} where the ReLU is open. */
  private static void inputGradient(
      float[] in, float[] dOut, int outputs, float[] params, int row, float[] dIn, int at) {
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int o = 0; o < outputs; o++) {
      FloatVector d = FloatVector.fromArray(SPECIES, dOut, o * LANES);
      sum = d.fma(FloatVector.broadcast(SPECIES, params[row + o]), sum);
    }
    FloatVector x = FloatVector.fromArray(SPECIES, in, at);
    sum.blend(0f, x.compare(VectorOperators.LE, 0f)).intoArray(dIn, at);
  }

  @Override
  void convWeights(
      int layer, int inChannels, int inSide, int outChannels, float[] in, float[] dOut, int pad,
      float[] grad) {
    int side = inSide - KERNEL + 1;
    int dSide = side + 2 * pad;
    int weightCount = outChannels * inChannels * KERNEL * KERNEL;
    for (int co = 0; co < outChannels; co++) {
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int p = 0; p < side * side; p++) {
        int y = p / side;
        int x = p - y * side;
        int d = ((co * dSide + y + pad) * dSide + pad + x) * LANES;
        sum = sum.add(FloatVector.fromArray(SPECIES, dOut, d));
      }
      sum.intoArray(laneSums, (weightCount + co) * LANES);
    }
    for (int co = 0; co < outChannels; co += 2) {
      for (int ci = 0; ci < inChannels; ci++) {
        for (int ky = 0; ky < KERNEL; ky++) {
          kernelRow(inChannels, inSide, in, dOut, pad, co, ci, ky);
        }
      }
    }
    addLaneSums(grad, TrainingLayout.weights(layer), weightCount);
    addLaneSums(grad, TrainingLayout.bias(layer), outChannels, weightCount);
  }

  /**
   * The gradients of weights (co, ci, ky, 0..4) and (co + 1, ci, ky, 0..4), per lane: ten
   * accumulators over every output position, each output gradient load feeding five multiply-adds.
   */
  private void kernelRow(
      int inChannels, int inSide, float[] in, float[] dOut, int pad, int co, int ci, int ky) {
    int side = inSide - KERNEL + 1;
    int dSide = side + 2 * pad;
    int nextChannel = dSide * dSide * LANES;
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0;
    // One flat loop over the output positions: with nested loops, C2 (JDK 17) keeps the
    // accumulators as heap objects across the inner loop's exit, twenty times slower.
    for (int p = 0; p < side * side; p++) {
      int y = p / side;
      int x = p - y * side;
      int d = ((co * dSide + y + pad) * dSide + pad + x) * LANES;
      int at = ((ci * inSide + y + ky) * inSide + x) * LANES;
      FloatVector da = FloatVector.fromArray(SPECIES, dOut, d);
      FloatVector db = FloatVector.fromArray(SPECIES, dOut, d + nextChannel);
      FloatVector v = FloatVector.fromArray(SPECIES, in, at);
      a0 = v.fma(da, a0);
      b0 = v.fma(db, b0);
      v = FloatVector.fromArray(SPECIES, in, at + LANES);
      a1 = v.fma(da, a1);
      b1 = v.fma(db, b1);
      v = FloatVector.fromArray(SPECIES, in, at + 2 * LANES);
      a2 = v.fma(da, a2);
      b2 = v.fma(db, b2);
      v = FloatVector.fromArray(SPECIES, in, at + 3 * LANES);
      a3 = v.fma(da, a3);
      b3 = v.fma(db, b3);
      v = FloatVector.fromArray(SPECIES, in, at + 4 * LANES);
      a4 = v.fma(da, a4);
      b4 = v.fma(db, b4);
    }
    int taps = KERNEL * KERNEL;
    int first = ((co * inChannels + ci) * taps + ky * KERNEL) * LANES;
    store(first, a0, a1, a2, a3, a4);
    store(first + inChannels * taps * LANES, b0, b1, b2, b3, b4);
  }

  private void store(
      int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, FloatVector v4) {
    v0.intoArray(laneSums, at);
    v1.intoArray(laneSums, at + LANES);
    v2.intoArray(laneSums, at + 2 * LANES);
    v3.intoArray(laneSums, at + 3 * LANES);
    v4.intoArray(laneSums, at + 4 * LANES);
  }

  /** {@code grad[at + k] += Σ_lanes laneSums[k]} for k below {@code count}. */
  private void addLaneSums(float[] grad, int at, int count) {
    addLaneSums(grad, at, count, 0);
  }

  /** As {@link #addLaneSums(float[], int, int)}, from parameter {@code from} of the scratch. */
  private void addLaneSums(float[] grad, int at, int count, int from) {
    for (int k = 0; k < count; k++) {
      int row = (from + k) * LANES;
      float sum = 0f;
      for (int l = 0; l < LANES; l++) {
        sum += laneSums[row + l];
      }
      grad[at + k] += sum;
    }
  }

  @Override
  void unpool(
      float[] dPooled, float[] window, int channels, int pooledSide, float[] dConv, int pad) {
    int dSide = 2 * pooledSide + 2 * pad;
    int row = dSide * LANES;
    for (int c = 0; c < channels; c++) {
      for (int py = 0; py < pooledSide; py++) {
        for (int px = 0; px < pooledSide; px++) {
          int at = ((c * pooledSide + py) * pooledSide + px) * LANES;
          int to = ((c * dSide + 2 * py + pad) * dSide + 2 * px + pad) * LANES;
          FloatVector g = FloatVector.fromArray(SPECIES, dPooled, at);
          FloatVector w = FloatVector.fromArray(SPECIES, window, at);
          g.blend(0f, w.compare(VectorOperators.NE, 0f)).intoArray(dConv, to);
          g.blend(0f, w.compare(VectorOperators.NE, 1f)).intoArray(dConv, to + LANES);
          g.blend(0f, w.compare(VectorOperators.NE, 2f)).intoArray(dConv, to + row);
          g.blend(0f, w.compare(VectorOperators.NE, 3f)).intoArray(dConv, to + row + LANES);
        }
      }
    }
  }
}
