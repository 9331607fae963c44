package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;

/**
 * Forward passes of one trained model over batches of images. Implementations are not thread-safe:
 * one predictor per task thread.
 */
public interface BatchPredictor {

  /**
   * Computes the pre-softmax outputs (logits) of {@code count} images.
   *
   * @param images {@code count * 784} floats, image after image, row-major, pixels in [0, 1]
   * @param count images in this batch
   * @param logits receives {@code count * 10} floats, image after image
   */
  void logits(float[] images, int count, float[] logits);

  /**
   * Computes the logits of the {@code count} images {@code source} makes; the same numbers as
   * {@link #logits(float[], int, float[])} on those images. This default makes the whole batch
   * first; the lane engines make each block where they predict it, on every compute thread.
   */
  default void logits(BatchSource source, int count, float[] logits) {
    float[] images = new float[count * LeNet5.INPUT_SIZE];
    source.write(0, count, images, 0);
    logits(images, count, logits);
  }

  /** Index of the largest of the {@code classes} values of row {@code row}; ties go to the lowest. */
  static int argmax(float[] values, int row, int classes) {
    int base = row * classes;
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (values[base + c] > values[base + best]) {
        best = c;
      }
    }
    return best;
  }
}
