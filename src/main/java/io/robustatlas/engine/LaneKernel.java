package io.robustatlas.engine;

/**
 * The LeNet-5 forward pass over one block of images held side by side in lanes: every feature is
 * stored as {@link #lanes()} consecutive floats, one per image ({@code [feature][lane]}), so each
 * multiply-add serves a whole block and the weights are read once per block instead of once per
 * image. Instances own their scratch buffers and are used by one thread.
 */
interface LaneKernel {

  /** Images per block. */
  int lanes();

  /**
   * @param input {@code 784 × lanes} floats, {@code [pixel][lane]}
   * @param logits receives {@code paddedOutputs × lanes} floats of the logits layer, {@code
   *     [class][lane]}; classes beyond 10 are padding
   */
  void forward(float[] input, float[] logits);

  /** Uses {@code weights} (of the same shapes) from the next {@link #forward} on. */
  void load(LeNetWeights weights);
}
