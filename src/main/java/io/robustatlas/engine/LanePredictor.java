package io.robustatlas.engine;

import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link BatchPredictor} that cuts a batch into blocks of {@link LaneKernel#lanes()} images,
 * makes each block's images (from the caller's array or {@link BatchSource}), transposes them into
 * {@code [pixel][lane]}, runs the kernel and transposes the logits back.
 * With {@code threads > 1} the blocks are split into one contiguous range per thread; the calling
 * thread takes the first range and a small pool owned by this predictor the others. Every image's
 * arithmetic is the same whichever block, lane or thread it lands in, so results do not depend on
 * the thread count or the batch size, bit for bit.
 *
 * <p>One instance is used by one calling thread at a time (as {@link BatchPredictor} says). Its
 * pool threads are daemons that end after {@link #IDLE_SECONDS} idle, so a predictor that is
 * dropped needs no closing. Per call only a few small objects are allocated (the pool tasks, the
 * source wrapping an array); all buffers are allocated once per instance.
 */
final class LanePredictor implements ReweightablePredictor {
  /** Idle time after which pool threads end; a busy stage calls far more often. */
  static final int IDLE_SECONDS = 10;

  private static final AtomicInteger POOL_THREADS = new AtomicInteger();

  private final Part[] parts;
  private final ThreadPoolExecutor pool;
  private LeNetWeights weights;

  /**
   * @param threads compute threads, the calling thread included
   * @param weights the network's weights, activation and pooling
   * @param kernels makes one kernel per thread for {@code weights}
   */
  LanePredictor(int threads, LeNetWeights weights, Function<LeNetWeights, LaneKernel> kernels) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Cannot predict with " + threads + " threads: must be at least 1");
    }
    parts = new Part[threads];
    for (int t = 0; t < threads; t++) {
      parts[t] = new Part(kernels.apply(weights));
    }
    pool = threads == 1 ? null : newPool(threads - 1);
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
    int used = Math.min(parts.length, blocks);
    List<Future<?>> others = new ArrayList<>(used);
    for (int t = 1; t < used; t++) {
      Part part = parts[t];
      int from = blocks * t / used;
      int to = blocks * (t + 1) / used;
      others.add(pool.submit(() -> part.run(source, count, from, to, logits)));
    }
    try {
      parts[0].run(source, count, 0, blocks / used, logits);
    } finally {
      // Even if this thread's part failed: no pool task may write into logits after we return.
      awaitAll(others);
    }
  }

  private static void checkSizes(int count, float[] logits) {
    if (count < 0 || logits.length < (long) count * LeNet5.CLASSES) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot predict %d images into %d logits: need %d x %d",
              count, logits.length, count, LeNet5.CLASSES));
    }
  }

  private static void awaitAll(List<Future<?>> futures) {
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while predicting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Prediction failed", e.getCause());
    }
  }

  private static ThreadPoolExecutor newPool(int threads) {
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "lane-predictor-" + POOL_THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
        transpose(size);
        kernel.forward(block, blockLogits);
        scatter(first, size, logits);
      }
    }

    /** The block's {@code size} images into {@code [pixel][lane]}; unused lanes zero. */
    private void transpose(int size) {
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

    private void scatter(int first, int size, float[] logits) {
      for (int lane = 0; lane < size; lane++) {
        for (int c = 0; c < LeNet5.CLASSES; c++) {
          logits[(first + lane) * LeNet5.CLASSES + c] = blockLogits[c * lanes + lane];
        }
      }
    }
  }
}
