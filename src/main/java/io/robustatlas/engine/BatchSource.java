package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;

/**
 * Makes the images of a batch on demand, so an engine can build each block of images on the thread
 * that predicts it, right before it does. The robustness stage's noisy copies are then never
 * written out as a whole batch (3 MB per 1,000 copies, more than a core's cache), and making them
 * runs on all of the task's threads instead of one.
 */
@FunctionalInterface
public interface BatchSource {

  /**
   * Writes images {@code first .. first + count - 1} of the batch into {@code out} from {@code
   * offset}, image after image, 784 floats each. Called from several threads at once for disjoint
   * ranges; the same range must always give the same images.
   */
  void write(int first, int count, float[] out, int offset);

  /** The first images of {@code images}, laid out as {@link #write} writes them. */
  static BatchSource of(float[] images) {
    return (first, count, out, offset) ->
        System.arraycopy(
            images,
            first * LeNet5.INPUT_SIZE,
            out,
            offset,
            count * LeNet5.INPUT_SIZE);
  }
}
