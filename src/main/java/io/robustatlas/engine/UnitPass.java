package io.robustatlas.engine;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.LeNetWeights.Conv;
import io.robustatlas.model.LeNet5;
import java.util.Arrays;

/**
 * Forward and backward passes of one unit of a minibatch ({@link #IMAGES} images, fewer in the
 * last), block by block of {@link LaneKernel#lanes()} images, adding the unit's gradient of the
 * batch's mean cross-entropy into its own gradient vector. The unit, not the thread, is what the
 * trainer sums in a fixed order, so the gradient does not depend on how many threads ran the units.
 * One instance per thread: it owns the kernel (whose buffers keep the forward activations) and
 * every gradient buffer, allocated once.
 */
final class UnitPass {
  /** Images per unit: 1, 2 or 4 SIMD blocks, or 16 single images for the scalar engine. */
  static final int IMAGES = 16;

  /** Indices of the weighted layers ({@link LeNet5#WEIGHTED}), as the gradient vector has them. */
  private static final int CONV1 = 0;
  private static final int CONV2 = 1;
  private static final int FC1 = 2;
  private static final int FC2 = 3;
  private static final int LOGITS = 4;

  /** The zero border of conv2's output gradient. */
  private static final int PAD = LeNet5.KERNEL - 1;

  private final FusedLeNetKernel kernel;
  private final LaneBackprop backprop;
  private final int lanes;
  private final float[] images;
  private final float[] input;
  private final int[] labels;
  private final float[] logits;
  private final float[] dLogits;
  private final float[] dFc2;
  private final float[] dFc1;
  private final float[] dPool2;
  private final float[] dConv2;
  private final float[] dPool1;
  private final float[] dConv1;
  private final LeNetWeights weights;

  /**
   * @param kernel a training kernel (recording pooling windows) reading {@code weights}
   * @param weights the parameters in the kernels' layout, which the trainer updates in place
   */
  UnitPass(FusedLeNetKernel kernel, LaneBackprop backprop, LeNetWeights weights) {
    this.kernel = kernel;
    this.weights = weights;
    this.backprop = backprop;
    this.lanes = kernel.lanes();
    this.images = new float[LeNet5.INPUT_SIZE * lanes];
    this.input = new float[LeNet5.INPUT_SIZE * lanes];
    this.labels = new int[lanes];
    this.logits = new float[LeNetWeights.padded(LeNet5.CLASSES) * lanes];
    this.dLogits = new float[LeNet5.CLASSES * lanes];
    this.dFc2 = new float[kernel.fc2.length];
    this.dFc1 = new float[kernel.fc1.length];
    this.dPool2 = new float[kernel.pool2.length];
    // conv2's output gradient with a zero border of KERNEL - 1: the input of its input gradient.
    this.dConv2 = new float[outputSize(16, 8 + 2 * PAD)];
    this.dPool1 = new float[kernel.pool1.length];
    this.dConv1 = new float[outputSize(6, 24)];
  }

  private int outputSize(int channels, int side) {
    return channels * side * side * lanes;
  }

  /**
   * Adds the gradient of images {@code order[first .. first + count − 1]} to {@code grad} (which
   * it zeroes first) and returns the sum of their cross-entropies.
   *
   * @param scale 1 / the minibatch size: the loss is the batch's mean
   * @param gradientConv conv2's input-gradient convolution for the current weights
   */
  double run(
      LabeledImages data,
      int[] order,
      int first,
      int count,
      float scale,
      float[] params,
      Conv gradientConv,
      float[] grad) {
    Arrays.fill(grad, 0f);
    double loss = 0;
    for (int block = 0; block * lanes < count; block++) {
      int size = Math.min(lanes, count - block * lanes);
      for (int j = 0; j < lanes; j++) {
        int index = j < size ? order[first + block * lanes + j] : -1;
        labels[j] = index < 0 ? -1 : data.label(index);
        if (index >= 0) {
          data.copyImage(index, images, j * LeNet5.INPUT_SIZE);
        }
      }
      LanePredictor.toLanes(images, size, lanes, input);
      kernel.forward(input, logits);
      loss += SoftmaxLoss.gradient(logits, labels, lanes, scale, dLogits);
      backward(params, gradientConv, grad);
    }
    return loss;
  }

  private void backward(float[] params, Conv gradientConv, float[] grad) {
    LaneBackprop b = backprop;
    LeNetWeights w = weights;
    b.dense(LOGITS, w.logits.inputs(), w.logits.outputs(), kernel.fc2, dLogits, dFc2, params, grad);
    b.dense(FC2, w.fc2.inputs(), w.fc2.outputs(), kernel.fc1, dFc2, dFc1, params, grad);
    b.dense(FC1, w.fc1.inputs(), w.fc1.outputs(), kernel.pool2, dFc1, dPool2, params, grad);
    b.unpool(dPool2, kernel.window2, w.conv2.outChannels(), w.conv2.pooledSide(), dConv2, PAD);
    convWeights(CONV2, w.conv2, kernel.pool1, dConv2, PAD, grad);
    kernel.convolve(gradientConv, dConv2, dPool1, null);
    b.unpool(dPool1, kernel.window1, w.conv1.outChannels(), w.conv1.pooledSide(), dConv1, 0);
    convWeights(CONV1, w.conv1, input, dConv1, 0, grad);
  }

  private void convWeights(int layer, Conv conv, float[] in, float[] dOut, int pad, float[] grad) {
    backprop.convWeights(
        layer, conv.inChannels(), conv.inSide(), conv.outChannels(), in, dOut, pad, grad);
  }
}
