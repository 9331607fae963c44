package io.robustatlas.engine;

/**
 * The arithmetic of the backward pass over one block of images held in lanes ({@code
 * [feature][lane]}, as {@link LaneKernel}): a dense layer's weight, bias and input gradients, a
 * convolution's weight and bias gradients, and the routing of a pooled gradient to each window's
 * maximum. {@link UnitPass} runs the layer sequence; this says how each step is computed, in SIMD
 * ({@link VectorBackprop}) or plain Java ({@link ScalarBackprop}). Gradients are added into a flat
 * gradient vector laid out as {@link TrainingLayout}; an implementation sums each weight's
 * products in a fixed order, so the same block always adds the same bits.
 */
abstract class LaneBackprop {
  final int lanes;

  LaneBackprop(int lanes) {
    this.lanes = lanes;
  }

  /**
   * Dense layer {@code layer} (a {@link io.robustatlas.model.LeNet5#WEIGHTED} index): adds its
   * weight and bias gradients to {@code grad} and, if {@code dIn} is not null, writes the gradient
   * of the layer below's pre-activation ({@code W·dOut} where {@code in > 0}, its ReLU open).
   *
   * @param in the layer's input, {@code inputs × lanes}, post-ReLU
   * @param dOut the gradient of the loss at the layer's output, {@code outputs × lanes}
   */
  abstract void dense(
      int layer, int inputs, int outputs, float[] in, float[] dOut, float[] dIn, float[] params,
      float[] grad);

  /**
   * Convolution {@code layer}: adds its weight and bias gradients to {@code grad}.
   *
   * @param in the layer's input, {@code inChannels × inSide² × lanes}
   * @param dOut the gradient at the convolution's full-size output (before pooling), {@code
   *     outChannels × (side + 2·pad)² × lanes} with side {@code inSide − 4}; a border of {@code pad}
   *     zeros on every side is skipped
   */
  abstract void convWeights(
      int layer, int inChannels, int inSide, int outChannels, float[] in, float[] dOut, int pad,
      float[] grad);

  /**
   * Routes the gradient of each pooled output to the position its window recorded ({@link
   * FusedLeNetKernel#window1}): the full-size gradient {@code dConv}, {@code channels × (2·pooled
   * + 2·pad)² × lanes}, is zero elsewhere (its border of {@code pad} is left as it is).
   */
  abstract void unpool(
      float[] dPooled, float[] window, int channels, int pooledSide, float[] dConv, int pad);
}
