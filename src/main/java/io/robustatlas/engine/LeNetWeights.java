package io.robustatlas.engine;

import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.Pooling;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The parameters of one trained LeNet-5, copied once out of DL4J into flat float arrays laid out in
 * the order the lane kernels ({@link VectorKernel}, {@link ScalarKernel}) read them, so their inner
 * loops walk each array forwards with unit steps.
 *
 * <p>Convolution filters are stored in groups of {@link #CONV_GROUP} output channels, interleaved
 * per tap: {@code [group][inChannel][ky][kx][channelInGroup]}; one input load then feeds every
 * channel of the group. Dense weights are stored in groups of {@link #DENSE_GROUP} outputs, {@code
 * [group][input][outputInGroup]}, with the output count padded by zero weights to a whole number of
 * groups (the logits layer: 10 → 12), so the kernels need no tail code.
 *
 * <p>The layers also carry the network's hidden activation and pooling kind ({@link
 * LeNet5#architectureOf}), so a kernel computes whichever variant of the grid it is given.
 */
final class LeNetWeights {
  /** Convolution kernel side. */
  static final int KERNEL = LeNet5.KERNEL;

  /** Output channels computed together; 6 and 16 channels are whole groups. */
  static final int CONV_GROUP = 2;

  /** Dense outputs computed together. */
  static final int DENSE_GROUP = 6;

  final Conv conv1;
  final Conv conv2;
  final Dense fc1;
  final Dense fc2;
  final Dense logits;

  /**
   * A convolution + bias + activation + 2×2 pooling stage, no padding, stride 1.
   *
   * @param weights {@code [group][inChannel][ky][kx][channelInGroup]}
   */
  record Conv(
      int inChannels,
      int inSide,
      int outChannels,
      float[] weights,
      float[] bias,
      Activation activation,
      Pooling pooling) {
    /** Side of the pooled output. */
    int pooledSide() {
      return (inSide - KERNEL + 1) / 2;
    }

    /** Values per image of the pooled output, {@code [channel][row][col]}. */
    int pooledSize() {
      return outChannels * pooledSide() * pooledSide();
    }
  }

  /**
   * A dense layer, optionally followed by an activation.
   *
   * @param weights {@code [group][input][outputInGroup]}, {@code paddedOutputs * inputs} floats
   * @param bias {@code paddedOutputs} floats, zero in the padding
   * @param activation applied to every output, or null for none (the logits layer)
   */
  record Dense(
      int inputs,
      int outputs,
      int paddedOutputs,
      float[] weights,
      float[] bias,
      Activation activation) {}

  private LeNetWeights(
      List<float[]> weights, List<float[]> biases, Activation activation, Pooling pooling) {
    Architecture architecture = new Architecture(activation, pooling, 0);
    conv1 = conv(0, 1, LeNet5.SIDE, weights, biases, architecture);
    conv2 = conv(1, conv1.outChannels(), conv1.pooledSide(), weights, biases, architecture);
    fc1 = dense(2, conv2.pooledSize(), weights, biases, activation);
    fc2 = dense(3, fc1.outputs(), weights, biases, activation);
    logits = dense(4, fc2.outputs(), weights, biases, null);
    if (logits.outputs() != LeNet5.CLASSES) {
      throw new IllegalArgumentException(
          "Cannot use a network with "
              + logits.outputs()
              + " outputs: LeNet-5 has "
              + LeNet5.CLASSES);
    }
  }

  /**
   * Reads layer parameters {@code W} and {@code b} of conv1, conv2, fc1, fc2 and logits, and the
   * activation and pooling from the network's configuration.
   *
   * @throws IllegalArgumentException if the network is not a LeNet-5 of the grid
   */
  static LeNetWeights of(MultiLayerNetwork network) {
    Architecture architecture = LeNet5.architectureOf(network);
    LeNetParameters params = LeNetParameters.of(network);
    return ofDl4jLayout(
        params.weights(), params.biases(), architecture.activation(), architecture.pooling());
  }

  /** Other parameters (perturbed copies, say) in a network of this one's activation and pooling. */
  LeNetWeights withParameters(LeNetParameters params) {
    return ofDl4jLayout(params.weights(), params.biases(), fc1.activation(), conv1.pooling());
  }

  /**
   * From parameters in DL4J's own layouts, layer by layer (conv1, conv2, fc1, fc2, logits): conv
   * {@code W} as {@code [out][in][ky][kx]}, dense {@code W} as {@code [in][out]}, both row-major.
   *
   * @param activation of every hidden layer
   * @param pooling of both pooling stages
   * @throws IllegalArgumentException if a size is not LeNet-5's
   */
  static LeNetWeights ofDl4jLayout(
      List<float[]> weights, List<float[]> biases, Activation activation, Pooling pooling) {
    return new LeNetWeights(weights, biases, activation, pooling);
  }

  /** Fails unless a layer's weights have the size its inputs and outputs imply. */
  private static void checkSize(int layer, int size, int inputs, int outputs) {
    if (size != inputs * outputs) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot use %d weights for layer %s with %d inputs and %d outputs: expected %d",
              size, LeNet5.WEIGHTED.get(layer).name(), inputs, outputs, inputs * outputs));
    }
  }

  /** {@code outputs} rounded up to whole {@link #DENSE_GROUP}s: a dense layer's stored width. */
  static int padded(int outputs) {
    return (outputs + DENSE_GROUP - 1) / DENSE_GROUP * DENSE_GROUP;
  }

  private static Conv conv(
      int layer,
      int inChannels,
      int inSide,
      List<float[]> weights,
      List<float[]> biases,
      Architecture architecture) {
    float[] dl4j = weights.get(layer);
    float[] bias = biases.get(layer);
    int taps = inChannels * KERNEL * KERNEL;
    int outChannels = bias.length;
    checkSize(layer, dl4j.length, taps, outChannels);
    if (outChannels % CONV_GROUP != 0) {
      throw new IllegalArgumentException(
          "Cannot use "
              + outChannels
              + " channels for layer "
              + LeNet5.WEIGHTED.get(layer).name()
              + ": must be a multiple of "
              + CONV_GROUP);
    }
    float[] grouped = new float[dl4j.length];
    for (int out = 0; out < outChannels; out++) {
      int group = out / CONV_GROUP;
      for (int tap = 0; tap < taps; tap++) {
        grouped[(group * taps + tap) * CONV_GROUP + out % CONV_GROUP] = dl4j[out * taps + tap];
      }
    }
    return new Conv(
        inChannels,
        inSide,
        outChannels,
        grouped,
        bias.clone(),
        architecture.activation(),
        architecture.pooling());
  }

  private static Dense dense(
      int layer, int inputs, List<float[]> weights, List<float[]> biases, Activation activation) {
    float[] dl4j = weights.get(layer);
    float[] bias = biases.get(layer);
    int outputs = bias.length;
    checkSize(layer, dl4j.length, inputs, outputs);
    int padded = padded(outputs);
    float[] grouped = new float[padded * inputs];
    for (int in = 0; in < inputs; in++) {
      for (int out = 0; out < outputs; out++) {
        int group = out / DENSE_GROUP;
        grouped[(group * inputs + in) * DENSE_GROUP + out % DENSE_GROUP] = dl4j[in * outputs + out];
      }
    }
    return new Dense(inputs, outputs, padded, grouped, Arrays.copyOf(bias, padded), activation);
  }
}
