package io.robustatlas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.robustatlas.model.LeNet5;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batching and threading of the lane engines: an image's logits must not depend, bit for bit, on
 * the thread count, the batch size or its position in a block, so a result never depends on the
 * Spark task's cores or the stage's batch size. (Accuracy against DL4J: {@link LaneEnginesTest}.)
 */
class LanePredictorTest {
  private static final LeNetWeights WEIGHTS = RandomLeNet.weights(5);
  private static final int COUNT = 1000;
  private static final float[] IMAGES = RandomLeNet.noisyImages(COUNT, 0.9, 17);

  @ParameterizedTest
  @EnumSource(names = {"VECTOR", "SCALAR"})
  void threadCountNeverChangesABit(EngineKind kind) {
    for (int count : new int[] {1, 7, 33, COUNT}) {
      float[] single = logits(Engines.predictor(kind, WEIGHTS, 1), 0, count);
      for (int threads : new int[] {2, 3}) {
        assertArrayEquals(
            single,
            logits(Engines.predictor(kind, WEIGHTS, threads), 0, count),
            kind + ", " + threads + " threads, " + count + " images");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"VECTOR", "SCALAR"})
  void batchSizeAndPositionNeverChangeABit(EngineKind kind) {
    BatchPredictor predictor = Engines.predictor(kind, WEIGHTS, 2);
    float[] whole = logits(predictor, 0, COUNT);
    float[] pieces = new float[whole.length];
    // Pieces of 7 shift every image to another lane than in the whole batch.
    for (int first = 0; first < COUNT; first += 7) {
      int count = Math.min(7, COUNT - first);
      float[] piece = logits(predictor, first, count);
      System.arraycopy(piece, 0, pieces, first * LeNet5.CLASSES, piece.length);
    }
    assertArrayEquals(whole, pieces);
  }

  @Test
  void reusedPredictorGivesTheSameLogitsAgain() {
    BatchPredictor predictor = Engines.predictor(EngineKind.VECTOR, WEIGHTS, 2);
    float[] first = logits(predictor, 0, 33);
    logits(predictor, 100, 900);
    assertArrayEquals(first, logits(predictor, 0, 33));
  }

  @Test
  void emptyBatchIsANoOp() {
    float[] logits = {42f};
    Engines.predictor(EngineKind.VECTOR, WEIGHTS, 2).logits(new float[0], 0, logits);
    assertEquals(42f, logits[0]);
  }

  @Test
  void rejectsZeroThreads() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> Engines.predictor(EngineKind.SCALAR, WEIGHTS, 0));
    assertEquals("Cannot use 0 threads: must be at least 1", error.getMessage());
  }

  @Test
  void rejectsArraysTooSmallForTheCount() {
    BatchPredictor predictor = Engines.predictor(EngineKind.SCALAR, WEIGHTS, 1);
    IllegalArgumentException fewImages =
        assertThrows(
            IllegalArgumentException.class,
            () -> predictor.logits(new float[784], 2, new float[20]));
    assertEquals(
        "Cannot predict 2 images from 784 input floats: need 2 x 784", fewImages.getMessage());
    IllegalArgumentException fewLogits =
        assertThrows(
            IllegalArgumentException.class,
            () -> predictor.logits(new float[2 * 784], 2, new float[19]));
    assertEquals("Cannot predict 2 images into 19 logits: need 2 x 10", fewLogits.getMessage());
  }

  /**
   * A batch made on demand gives the logits of the same images passed as an array, and with two
   * threads both threads make images (the robustness stage's noise runs on every task core).
   */
  @ParameterizedTest
  @EnumSource(names = {"VECTOR", "SCALAR"})
  void batchSourceGivesTheLogitsOfItsImagesOnEveryThread(EngineKind kind) {
    Set<String> makers = ConcurrentHashMap.newKeySet();
    BatchSource source =
        (first, count, out, offset) -> {
          makers.add(Thread.currentThread().getName());
          BatchSource.of(IMAGES).write(first, count, out, offset);
        };
    BatchPredictor predictor = Engines.predictor(kind, WEIGHTS, 2);
    float[] fromSource = new float[COUNT * LeNet5.CLASSES];
    predictor.logits(source, COUNT, fromSource);
    assertArrayEquals(logits(predictor, 0, COUNT), fromSource);
    assertEquals(2, makers.size(), "threads that made images: " + makers);
  }

  private static float[] logits(BatchPredictor predictor, int first, int count) {
    float[] logits = new float[count * LeNet5.CLASSES];
    float[] images =
        Arrays.copyOfRange(IMAGES, first * LeNet5.INPUT_SIZE, (first + count) * LeNet5.INPUT_SIZE);
    predictor.logits(images, count, logits);
    return logits;
  }
}
