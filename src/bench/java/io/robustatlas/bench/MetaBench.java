package io.robustatlas.bench;

import io.robustatlas.meta.MetaInput;
import io.robustatlas.meta.engine.Examples;
import io.robustatlas.meta.engine.Kernels;
import io.robustatlas.meta.engine.MetaNet;
import io.robustatlas.meta.engine.NetSpec;
import io.robustatlas.meta.engine.NetTrainer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the meta engine's training throughput per body at one thread count, so that {@code
 * bench/meta.sh} can start one JVM per thread count next to {@code bench/pytorch/train_meta.py}
 * doing the same work: the study's meta-network shapes (the four LeNet-5 vectors maxpool2, fc1,
 * fc2 and logits, MSE on one sigmoid output) trained with Adam (lr 1e-3) on synthetic pairs
 * (features N(0, 1), targets U(0, 1), seeded). After a warm-up epoch, {@code rounds} epochs, each
 * in a new random order, are timed one by one. Prints a table (cpu%: the JVM's CPU time over wall time × threads, low
 * when other processes take the cores), one {@code FLOP <body> <FLOP per pair>} line and one
 * {@code RESULT engine <body> <threads> <batch> <pairs/s> <best epoch's pairs/s>} line per body.
 */
@Command(
    name = "meta-bench",
    mixinStandardHelpOptions = true,
    description = "Training throughput of the meta engine per body.")
public final class MetaBench implements Callable<Integer> {
  /** The vectors the study's meta-networks read: 256 + 120 + 84 + 10 values. */
  static final List<MetaInput> INPUTS =
      List.of(MetaInput.MAXPOOL2, MetaInput.FC1, MetaInput.FC2, MetaInput.LOGITS);

  private static final double LEARNING_RATE = 1e-3;

  @Option(names = "--threads", defaultValue = "1", description = "Compute threads.")
  private int threads;

  @Option(
      names = "--bodies",
      split = ",",
      defaultValue = "rnn,lstm,gru,attention,transformer,mlp")
  private List<NetSpec.Body> bodies;

  @Option(names = "--pairs", defaultValue = "8192", description = "Synthetic training pairs.")
  private int pairs;

  @Option(names = "--batch", defaultValue = "64")
  private int batch;

  @Option(names = "--embed", defaultValue = "128")
  private int embed;

  @Option(names = "--layers", defaultValue = "2")
  private int layers;

  @Option(names = "--heads", defaultValue = "4")
  private int heads;

  @Option(names = "--ff", description = "Transformer feed-forward width (default 2 x embed).")
  private Integer ff;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed epochs per body.")
  private int rounds;

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new MetaBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() {
    CpuPeak peak = CpuPeak.detect();
    Kernels kernels = Kernels.best();
    System.out.println(peak.describe());
    System.out.printf(
        "meta engine, kernels %s, %d threads, batch %d, %d pairs, Adam lr %.0e,"
            + " load average %.2f%n",
        kernels.name(), threads, batch, pairs, LEARNING_RATE, loadAverage());
    System.out.printf(
        "%-7s %-11s %7s %10s %10s %12s %8s %6s %5s%n",
        "side", "body", "threads", "pairs/s", "best/s", "FLOP/pair", "GFLOP/s", "%peak", "cpu%");
    Examples data = synthetic(spec(NetSpec.Body.MLP).featureCount());
    for (NetSpec.Body body : bodies) {
      NetSpec spec = spec(body);
      report(spec, measure(spec, data, kernels), peak);
    }
    return 0;
  }

  private NetSpec spec(NetSpec.Body body) {
    return new NetSpec(
        body,
        INPUTS.stream().map(i -> new NetSpec.Input(i.column(), i.size())).toList(),
        embed,
        layers,
        heads,
        ff == null ? 2 * embed : ff,
        NetSpec.Loss.MSE);
  }

  private Examples synthetic(int width) {
    Random random = new Random(0);
    float[] features = new float[pairs * width];
    float[] targets = new float[pairs];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < pairs; i++) {
      targets[i] = random.nextFloat();
    }
    return new Examples(features, targets, width);
  }

  /** Pairs per second over all timed epochs and in the best one, and the JVM's CPU share. */
  private record Measured(double pairsPerSecond, double bestPairsPerSecond, double cpuShare) {}

  private Measured measure(NetSpec spec, Examples data, Kernels kernels) {
    Random random = new Random(1);
    MetaNet net = MetaNet.create(spec, 0);
    try (NetTrainer trainer = new NetTrainer(net, kernels, LEARNING_RATE, batch, threads)) {
      trainer.fitEpoch(data, permutation(data.count(), random));
      double total = 0;
      double best = Double.MAX_VALUE;
      long cpuStart = processCpuNanos();
      for (int round = 0; round < rounds; round++) {
        int[] order = permutation(data.count(), random);
        long start = System.nanoTime();
        trainer.fitEpoch(data, order);
        double seconds = (System.nanoTime() - start) / 1e9;
        total += seconds;
        best = Math.min(best, seconds);
      }
      double cpuShare = (processCpuNanos() - cpuStart) / 1e9 / total;
      return new Measured(rounds * data.count() / total, data.count() / best, cpuShare);
    }
  }

  private static int[] permutation(int count, Random random) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      int j = random.nextInt(i + 1);
      order[i] = order[j];
      order[j] = i;
    }
    return order;
  }

  /**
   * FLOP of one training pair: 2 FLOP per multiply-add of the forward pass, × 3 for the forward
   * pass, the input gradients and the weight gradients.
   */
  static long flopPerPair(NetSpec spec) {
    return 3 * 2 * multiplyAdds(spec);
  }

  /**
   * Multiply-adds of one forward pass, matrix products only: the encoders (the MLP: its first
   * layer) on the concatenated inputs, the body and the head. Per layer and step, a sequence body
   * does its gates' input and state products (2E² per gate), or the attention's projections (Q,
   * K, V and output: 4E²) and per query its scores and weighted values (2·T·E), and the
   * transformer's feed-forward sublayer (2·E·ff); the MLP's further layers do E² each.
   */
  static long multiplyAdds(NetSpec spec) {
    long e = spec.embed();
    long layerSteps = (long) spec.layers() * spec.steps();
    long attention = 4 * e * e + 2 * spec.steps() * e;
    long body =
        switch (spec.body()) {
          case RNN -> layerSteps * 2 * e * e;
          case LSTM -> layerSteps * 4 * 2 * e * e;
          case GRU -> layerSteps * 3 * 2 * e * e;
          case ATTENTION -> layerSteps * attention;
          case TRANSFORMER -> layerSteps * (attention + 2 * e * spec.ff());
          case MLP -> (spec.layers() - 1) * e * e;
        };
    return spec.featureCount() * e + body + e;
  }

  private void report(NetSpec spec, Measured m, CpuPeak peak) {
    long flop = flopPerPair(spec);
    double gflops = m.pairsPerSecond() * flop / 1e9;
    System.out.printf(
        "%-7s %-11s %7d %10.0f %10.0f %12d %8.1f %5.1f%% %4.0f%%%n",
        "engine", spec.body(), threads, m.pairsPerSecond(), m.bestPairsPerSecond(), flop, gflops,
        100 * gflops / peak.gflops(threads), 100 * m.cpuShare() / threads);
    System.out.printf("FLOP %s %d%n", spec.body(), flop);
    System.out.printf(
        "RESULT engine %s %d %d %.1f %.1f%n",
        spec.body(), threads, batch, m.pairsPerSecond(), m.bestPairsPerSecond());
  }

  /** CPU time of the whole JVM (all threads, GC and JIT included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
