package io.robustatlas.meta.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Fits and scores one {@link MetaNet}. A minibatch is cut into units of {@link #UNIT} rows (fixed,
 * whatever the thread count); each unit's forward and backward pass runs in its own workspace on
 * any thread, the units' gradients are summed in unit order and divided by the minibatch's size
 * (the mean loss's gradient), and {@link Adam} takes the step. So the same data, order and seed
 * give the same bytes on 1 thread or on many.
 */
public final class NetTrainer implements AutoCloseable {
  /** Rows per unit: large enough that a unit's matrix products keep the SIMD units busy. */
  public static final int UNIT = 32;

  private final MetaNet net;
  private final Kernels kernels;
  private final int batchSize;
  private final int threads;
  private final Pass[] passes;
  private final Adam adam;
  private final ExecutorService pool;

  /**
   * @param batchSize rows per step (the last step of an epoch may have fewer)
   * @param threads compute threads, the calling one included
   */
  public NetTrainer(MetaNet net, Kernels kernels, double learningRate, int batchSize, int threads) {
    this(net, kernels, learningRate, Adam.EPSILON, batchSize, threads);
  }

  /** As above with Adam's ε set (PyTorch's {@code eps}; the default is 1e-8). */
  public NetTrainer(
      MetaNet net, Kernels kernels, double learningRate, double epsilon, int batchSize,
      int threads) {
    if (batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException("batch " + batchSize + ", threads " + threads);
    }
    this.net = net;
    this.kernels = kernels;
    this.batchSize = batchSize;
    this.threads = threads;
    this.passes = new Pass[(batchSize + UNIT - 1) / UNIT];
    for (int u = 0; u < passes.length; u++) {
      passes[u] = net.newPass(kernels, UNIT, true);
    }
    this.adam = new Adam(learningRate, epsilon, net.layout().size());
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemons());
  }

  public MetaNet net() {
    return net;
  }

  /** Adam steps taken so far. */
  public int steps() {
    return adam.steps();
  }

  /** One pass over {@code data} in {@code order} (a permutation of its rows), one step per minibatch. */
  public void fitEpoch(Examples data, int[] order) {
    for (int start = 0; start < order.length; start += batchSize) {
      step(data, order, start, Math.min(order.length, start + batchSize));
    }
  }

  /** One Adam step on rows {@code order[from, to)} of {@code data}; returns their summed loss. */
  public double step(Examples data, int[] order, int from, int to) {
    double loss = accumulate(data, order, from, to);
    float[] g = passes[0].grads();
    float[] params = net.params();
    adam.begin();
    parallel(threads, t -> {
      int lo = (int) ((long) params.length * t / threads);
      int hi = (int) ((long) params.length * (t + 1) / threads);
      adam.apply(g, params, lo, hi);
    });
    net.refreshTransposed();
    return loss;
  }

  /**
   * The gradient of the mean loss over rows {@code order[from, to)} of {@code data} at the current
   * parameters (a copy; nothing is updated).
   */
  public float[] gradient(Examples data, int[] order, int from, int to) {
    accumulate(data, order, from, to);
    return passes[0].grads().clone();
  }

  /**
   * Runs the units of a minibatch and leaves the mean gradient in unit 0's vector: the units'
   * sums added in unit order, then divided by the rows. Returns the summed loss.
   */
  private double accumulate(Examples data, int[] order, int from, int to) {
    int rows = to - from;
    if (rows < 1 || rows > batchSize) {
      throw new IllegalArgumentException(rows + " rows in a step of at most " + batchSize);
    }
    int units = (rows + UNIT - 1) / UNIT;
    double[] losses = new double[units];
    parallel(units, u -> {
      Pass pass = passes[u];
      int first = from + u * UNIT;
      int m = Math.min(UNIT, to - first);
      gather(data, order, first, m, pass);
      Arrays.fill(pass.grads(), 0f);
      losses[u] = net.train(pass, m);
    });
    int size = net.params().length;
    float scale = 1f / rows;
    parallel(threads, t -> {
      int lo = (int) ((long) size * t / threads);
      int hi = (int) ((long) size * (t + 1) / threads);
      float[] g = passes[0].grads();
      for (int u = 1; u < units; u++) {
        float[] other = passes[u].grads();
        for (int k = lo; k < hi; k++) {
          g[k] += other[k];
        }
      }
      for (int k = lo; k < hi; k++) {
        g[k] *= scale;
      }
    });
    double loss = 0;
    for (double unitLoss : losses) {
      loss += unitLoss;
    }
    return loss;
  }

  /** {@code net}'s output for every row of {@code data} (standardised features), on one thread. */
  public static float[] predict(MetaNet net, Examples data) {
    try (NetTrainer scorer = new NetTrainer(net, Kernels.best(), 0, UNIT, 1)) {
      return scorer.predict(data);
    }
  }

  /** The network's sigmoid output for every row of {@code data}, in row order. */
  public float[] predict(Examples data) {
    float[] out = new float[data.count()];
    int chunk = passes.length * UNIT;
    for (int start = 0; start < data.count(); start += chunk) {
      int from = start;
      int to = Math.min(data.count(), start + chunk);
      int units = (to - from + UNIT - 1) / UNIT;
      parallel(units, u -> {
        Pass pass = passes[u];
        int first = from + u * UNIT;
        int m = Math.min(UNIT, to - first);
        System.arraycopy(data.features(), first * data.width(), pass.x, 0, m * data.width());
        net.forward(pass, m);
        System.arraycopy(pass.predictions, 0, out, first, m);
      });
    }
    return out;
  }

  /** Mean loss of the network over {@code data}. */
  public double meanLoss(Examples data) {
    float[] predicted = predict(data);
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      sum += Losses.value(net.spec().loss(), predicted[i], data.targets()[i]);
    }
    return sum / Math.max(1, predicted.length);
  }

  private static void gather(Examples data, int[] order, int first, int m, Pass pass) {
    int width = data.width();
    for (int r = 0; r < m; r++) {
      int row = order[first + r];
      System.arraycopy(data.features(), row * width, pass.x, r * width, width);
      pass.targets[r] = data.targets()[row];
    }
  }

  /** Runs items {@code 0 .. count − 1} on up to {@link #threads} threads, in contiguous ranges. */
  private void parallel(int count, IntConsumer item) {
    int used = Math.min(threads, count);
    if (used <= 1) {
      for (int i = 0; i < count; i++) {
        item.accept(i);
      }
      return;
    }
    List<Future<?>> others = new ArrayList<>();
    for (int t = 1; t < used; t++) {
      int lo = count * t / used;
      int hi = count * (t + 1) / used;
      others.add(pool.submit(() -> {
        for (int i = lo; i < hi; i++) {
          item.accept(i);
        }
      }));
    }
    try {
      for (int i = 0; i < count / used; i++) {
        item.accept(i);
      }
    } finally {
      for (Future<?> other : others) {
        try {
          other.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while training", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("A training thread failed", e.getCause());
        }
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemons() {
    return runnable -> {
      Thread thread = new Thread(runnable, "meta-engine");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
