package io.robustatlas.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one engine instance: {@link #split} cuts a range of work items into one
 * contiguous range per thread, runs the first on the calling thread and the others on a small pool
 * of daemon threads, and returns when all are done. The lane predictor and the lane trainer share
 * it, so both split work the same way: which thread runs an item never changes what the item
 * computes.
 *
 * <p>Pool threads end after {@link #IDLE_SECONDS} idle, so an engine that is dropped needs no
 * closing. One instance is used by one calling thread at a time.
 */
final class WorkerPool {
  /** Idle time after which pool threads end; a busy stage calls far more often. */
  static final int IDLE_SECONDS = 10;

  private static final AtomicInteger POOL_THREADS = new AtomicInteger();

  /** The work of one thread: items {@code from .. to - 1}, on behalf of thread {@code thread}. */
  @FunctionalInterface
  interface Range {
    void run(int thread, int from, int to);
  }

  private final int threads;
  private final ThreadPoolExecutor pool;

  /**
   * @param threads compute threads, the calling thread included
   * @param name prefix of the pool threads' names
   */
  WorkerPool(int threads, String name) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Cannot use " + threads + " threads: must be at least 1");
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : newPool(threads - 1, name);
  }

  int threads() {
    return threads;
  }

  /**
   * Runs items {@code 0 .. count - 1} in {@code min(threads, count)} contiguous ranges, the first
   * on the calling thread; returns when every range is done and rethrows the first failure.
   */
  void split(int count, Range range) {
    if (count <= 0) {
      return;
    }
    int used = Math.min(threads, count);
    List<Future<?>> others = new ArrayList<>(used);
    for (int t = 1; t < used; t++) {
      int thread = t;
      int from = (int) ((long) count * t / used);
      int to = (int) ((long) count * (t + 1) / used);
      others.add(pool.submit(() -> range.run(thread, from, to)));
    }
    try {
      range.run(0, 0, count / used);
    } finally {
      // Even if this thread's range failed: no pool task may write after we return.
      awaitAll(others);
    }
  }

  private static void awaitAll(List<Future<?>> futures) {
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while computing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Computation failed", e.getCause());
    }
  }

  private static ThreadPoolExecutor newPool(int threads, String name) {
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, name + "-" + POOL_THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
