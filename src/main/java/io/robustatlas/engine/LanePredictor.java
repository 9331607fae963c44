package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.function.Function;

/**
 * A {@link BatchPredictor} that cuts a batch into blocks of {@link LaneKernel#lanes()} images,
 * makes each block's images (from the caller's array or {@link BatchSource}), transposes them into
 * {@code [pixel][lane]}, runs the kernel and transposes the logits back.
 * With {@code threads > 1} the blocks are split into one contiguous range per thread ({@link
 * WorkerPool}). Every image's arithmetic is the same whichever block, lane or thread it lands in,
 * so results do not depend on the thread count or the batch size, bit for bit.
 *
 * <p>One instance is used by one calling thread at a time (as {@link BatchPredictor} says). A
 * predictor that is dropped needs no closing (the pool's threads end when idle). Per call only a
 * few small objects are allocated (the pool tasks, the source wrapping an array); all buffers are
 * allocated once per instance.
 */
final class LanePredictor implements ReweightablePredictor {
  private final Part[] parts;
  private final WorkerPool pool;
  private LeNetWeights weights;

  /**
   * @param threads compute threads, the calling thread included
   * @param weights the network's weights, activation and pooling
   * @param kernels makes one kernel per thread for {@code weights}
   */
  LanePredictor(int threads, LeNetWeights weights, Function<LeNetWeights, LaneKernel> kernels) {
    pool = new WorkerPool(threads, "lane-predictor");
    parts = new Part[threads];
    for (int t = 0; t < threads; t++) {
      parts[t] = new Part(kernels.apply(weights));
    }
    this.weights = weights;
  }

  /**
   * Every thread's kernel takes the new weights (in the same activation and pooling); the next
   * call hands them to the pool threads through the executor, which orders this write before their
   * reads.
   */
  @Override
  public void load(LeNetParameters params) {
    weights = weights.withParameters(params);
    for (Part part : parts) {
      part.kernel.load(weights);
    }
  }

  /** Images per block, the unit of work split across threads. */
  int lanes() {
    return parts[0].lanes;
  }

  @Override
  public void logits(float[] images, int count, float[] logits) {
    if (count >= 0 && images.length < (long) count * LeNet5.INPUT_SIZE) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot predict %d images from %d input floats: need %d x %d",
              count, images.length, count, LeNet5.INPUT_SIZE));
    }
    logits(BatchSource.of(images), count, logits);
  }

  /** Each thread makes the images of its own blocks, one block at a time, and predicts them. */
  @Override
  public void logits(BatchSource source, int count, float[] logits) {
    checkSizes(count, logits);
    if (count == 0) {
      return;
    }
    int blocks = (count + lanes() - 1) / lanes();
    pool.split(blocks, (t, from, to) -> parts[t].run(source, count, from, to, logits));
  }

  private static void checkSizes(int count, float[] logits) {
    if (count < 0 || logits.length < (long) count * LeNet5.CLASSES) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot predict %d images into %d logits: need %d x %d",
              count, logits.length, count, LeNet5.CLASSES));
    }
  }

  /** One thread's kernel and its buffers: the block's images as made, and transposed. */
  private static final class Part {
    private final LaneKernel kernel;
    private final int lanes;
    private final float[] images;
    private final float[] block;
    private final float[] blockLogits;

    Part(LaneKernel kernel) {
      this.kernel = kernel;
      this.lanes = kernel.lanes();
      this.images = new float[LeNet5.INPUT_SIZE * lanes];
      this.block = new float[LeNet5.INPUT_SIZE * lanes];
      this.blockLogits = new float[LeNetWeights.padded(LeNet5.CLASSES) * lanes];
    }

    /** Blocks {@code from .. to - 1} of a batch of {@code count} images. */
    void run(BatchSource source, int count, int from, int to, float[] logits) {
      for (int b = from; b < to; b++) {
        int first = b * lanes;
        int size = Math.min(lanes, count - first);
        source.write(first, size, images, 0);
        toLanes(images, size, lanes, block);
        kernel.forward(block, blockLogits);
        scatter(first, size, logits);
      }
    }

    private void scatter(int first, int size, float[] logits) {
      for (int lane = 0; lane < size; lane++) {
        for (int c = 0; c < LeNet5.CLASSES; c++) {
          logits[(first + lane) * LeNet5.CLASSES + c] = blockLogits[c * lanes + lane];
        }
      }
    }
  }

  /**
   * {@code size} images, 784 floats each, into {@code block} as {@code [pixel][lane]}; lanes
   * {@code size .. lanes - 1} are zero.
   */
  static void toLanes(float[] images, int size, int lanes, float[] block) {
    for (int lane = 0; lane < size; lane++) {
      int from = lane * LeNet5.INPUT_SIZE;
      for (int p = 0; p < LeNet5.INPUT_SIZE; p++) {
        block[p * lanes + lane] = images[from + p];
      }
    }
    for (int lane = size; lane < lanes; lane++) {
      for (int p = 0; p < LeNet5.INPUT_SIZE; p++) {
        block[p * lanes + lane] = 0f;
      }
    }
  }
}
