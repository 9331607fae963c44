package io.robustatlas.engine;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;

/** Whole-data-set inference through a {@link BatchPredictor}: logits, predictions, accuracy. */
public final class Predictions {
  private static final int BATCH = 500;

  private Predictions() {}

  /** Logits of every image of {@code data}, {@code count * 10} floats, image after image. */
  public static float[] logits(BatchPredictor predictor, LabeledImages data) {
    int inputSize = data.imageSize();
    float[] images = new float[BATCH * inputSize];
    float[] batchLogits = new float[BATCH * LeNet5.CLASSES];
    float[] all = new float[data.count() * LeNet5.CLASSES];
    for (int start = 0; start < data.count(); start += BATCH) {
      int size = Math.min(BATCH, data.count() - start);
      for (int i = 0; i < size; i++) {
        data.copyImage(start + i, images, i * inputSize);
      }
      predictor.logits(images, size, batchLogits);
      System.arraycopy(batchLogits, 0, all, start * LeNet5.CLASSES, size * LeNet5.CLASSES);
    }
    return all;
  }

  /** The argmax class of each row of {@code logits}. */
  public static int[] argmax(float[] logits) {
    int[] predicted = new int[logits.length / LeNet5.CLASSES];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = BatchPredictor.argmax(logits, i, LeNet5.CLASSES);
    }
    return predicted;
  }

  /** Share of {@code data} that {@code predictor} classifies correctly. */
  public static double accuracy(BatchPredictor predictor, LabeledImages data) {
    int[] predicted = argmax(logits(predictor, data));
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == data.label(i)) {
        correct++;
      }
    }
    return (double) correct / data.count();
  }
}
