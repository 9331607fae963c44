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
   * A convolution + bias + activation + 2×2 pooling stage, no padding, stride 1; or, with {@code
   * pooled} false, the plain convolution (no bias, activation or pooling), which the trainer runs
   * for an input gradient ({@link #inputGradient}).
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
      Pooling pooling,
      boolean pooled) {
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
      for (int tap = 0; tap < taps; tap++) {
        grouped[groupedIndex(out, tap, taps)] = dl4j[out * taps + tap];
      }
    }
    return new Conv(
        inChannels,
        inSide,
        outChannels,
        grouped,
        bias.clone(),
        architecture.activation(),
        architecture.pooling(),
        true);
  }

  /**
   * Overwrites these weights, in place, with those of the lane trainer's flat parameter vector
   * ({@link TrainingLayout}), and {@code gradient}, conv2's input-gradient convolution ({@link
   * #inputGradient}), with the rotated conv2 kernel: what a training step does before each batch,
   * without allocating.
   */
  void assign(float[] flat, Conv gradient) {
    assign(conv1, 0, flat);
    assign(conv2, 1, flat);
    assign(fc1, 2, flat);
    assign(fc2, 3, flat);
    assign(logits, 4, flat);
    rotate(flat, TrainingLayout.weights(1), conv2, gradient.weights());
  }

  private static void assign(Conv conv, int layer, float[] flat) {
    int taps = conv.inChannels() * KERNEL * KERNEL;
    int from = TrainingLayout.weights(layer);
    for (int out = 0; out < conv.outChannels(); out++) {
      for (int tap = 0; tap < taps; tap++) {
        conv.weights()[groupedIndex(out, tap, taps)] = flat[from + out * taps + tap];
      }
    }
    System.arraycopy(flat, TrainingLayout.bias(layer), conv.bias(), 0, conv.outChannels());
  }

  private static void assign(Dense dense, int layer, float[] flat) {
    int width = TrainingLayout.width(layer);
    int from = TrainingLayout.weights(layer);
    for (int in = 0; in < dense.inputs(); in++) {
      for (int out = 0; out < dense.outputs(); out++) {
        dense.weights()[denseIndex(in, out, dense.inputs())] = flat[from + in * width + out];
      }
    }
    System.arraycopy(flat, TrainingLayout.bias(layer), dense.bias(), 0, dense.outputs());
  }

  /** Where weight (input {@code in}, output {@code out}) goes in the grouped dense layout. */
  private static int denseIndex(int in, int out, int inputs) {
    return ((out / DENSE_GROUP) * inputs + in) * DENSE_GROUP + out % DENSE_GROUP;
  }

  /** Where weight {@code tap} of output channel {@code out} goes in the grouped layout. */
  private static int groupedIndex(int out, int tap, int taps) {
    return ((out / CONV_GROUP) * taps + tap) * CONV_GROUP + out % CONV_GROUP;
  }

  /**
   * The convolution that maps the output gradient of {@code forward} (before pooling, zero-padded
   * by {@code KERNEL - 1} on every side) to the gradient of its input: the textbook identity, a
   * plain convolution with the kernel rotated by 180° and the input and output channels swapped.
   * It runs through the kernels' own fused loop with pooling off.
   *
   * @param dl4jWeights {@code forward}'s weights in DL4J's layout {@code [out][in][ky][kx]}
   */
  static Conv inputGradient(Conv forward, float[] dl4jWeights) {
    float[] grouped = new float[dl4jWeights.length];
    rotate(dl4jWeights, 0, forward, grouped);
    int paddedSide = forward.inSide() - KERNEL + 1 + 2 * (KERNEL - 1);
    return new Conv(
        forward.outChannels(),
        paddedSide,
        forward.inChannels(),
        grouped,
        new float[forward.inChannels()],
        forward.activation(),
        forward.pooling(),
        false);
  }

  /**
   * {@code forward}'s kernel, read in DL4J's layout from {@code source} at {@code offset}, rotated
   * by 180° with input and output channels swapped, into {@code grouped} (the grouped layout).
   */
  private static void rotate(float[] source, int offset, Conv forward, float[] grouped) {
    int outChannels = forward.inChannels();
    int inChannels = forward.outChannels();
    int area = KERNEL * KERNEL;
    for (int out = 0; out < outChannels; out++) {
      for (int in = 0; in < inChannels; in++) {
        for (int k = 0; k < area; k++) {
          grouped[groupedIndex(out, in * area + k, inChannels * area)] =
              source[offset + (in * outChannels + out) * area + area - 1 - k];
        }
      }
    }
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
        grouped[denseIndex(in, out, inputs)] = dl4j[in * outputs + out];
      }
    }
    return new Dense(inputs, outputs, padded, grouped, Arrays.copyOf(bias, padded), activation);
  }
}
