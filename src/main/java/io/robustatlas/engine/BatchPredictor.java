package io.robustatlas.engine;

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
