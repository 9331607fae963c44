package io.robustatlas.bench;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures each engine on the robustness stage's inner loop (200 pairs × 1,000 noisy copies, one
 * batch per pair) at one thread count, so that {@code bench/run.sh} can start one JVM per thread
 * count with a matching {@code OMP_NUM_THREADS} for DL4J. Prints a table and one {@code RESULT}
 * line per engine for the script. FLOP per image: 2 × 281,640 multiply-adds of LeNet-5.
 */
@Command(
    name = "engine-bench",
    mixinStandardHelpOptions = true,
    description = "Throughput of the prediction engines on the robustness inner loop.")
public final class EngineBench implements Callable<Integer> {
  /** FLOP of one LeNet-5 forward pass: 281,640 multiply-adds. */
  static final long FLOP_PER_IMAGE = 563_280;

  /** Timed rounds per engine. */
  static final int ROUNDS = 5;

  /**
   * images/s: noisy copies through the whole pair loop (noise, forward, counting) per second, over
   * all pairs; best/s: the best round's (GFLOP/s and % of peak are from images/s); cpu%: CPU time
   * of the process over wall time × threads; ms/pair: one full pair; noise ms: making the pair's
   * copies alone on one thread; unchanged: share of copies predicted as the clean sample.
   */
  static final String HEADER =
      String.format(
          "%-7s %7s %6s %10s %10s %8s %6s %5s %8s %8s %8s %9s",
          "engine", "threads", "pairs", "images/s", "best/s", "GFLOP/s", "%peak", "cpu%",
          "pairs/s", "ms/pair", "noise ms", "unchanged");

  @Option(
      names = "--dir",
      required = true,
      description = "Work folder: model and exported weights.")
  private Path dir;

  @Option(names = "--threads", defaultValue = "1", description = "Compute threads.")
  private int threads;

  @Option(names = "--engines", split = ",", defaultValue = "vector,scalar,dl4j")
  private List<EngineKind> engines;

  @Option(names = "--pairs", defaultValue = "200", description = "Pairs per lane engine.")
  private int pairs;

  @Option(names = "--dl4j-pairs", defaultValue = "20", description = "Pairs for DL4J (slow).")
  private int dl4jPairs;

  @Option(names = "--copies", defaultValue = "1000", description = "Noisy copies per pair.")
  private int copies;

  @Option(names = "--train-images", defaultValue = "4000")
  private int trainImages;

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new EngineBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    MultiLayerNetwork network = BenchModel.loadOrTrain(dir, trainImages, threads);
    LabeledImages samples = BenchModel.samples(Math.max(pairs, dl4jPairs));
    BenchModel.exportSamples(dir, samples, Engines.predictor(EngineKind.DL4J, network, threads));
    CpuPeak peak = CpuPeak.detect();
    System.out.println(peak.describe());
    System.out.printf(
        "%d threads, %d copies per pair, sigma %.1f, load average %.2f%n",
        threads, copies, PairLoop.SIGMA, loadAverage());
    System.out.println(HEADER);
    PairLoop loop = new PairLoop(samples, copies, "bench");
    for (EngineKind kind : engines) {
      report(kind, measure(loop, Engines.predictor(kind, network, threads), pairsFor(kind)), peak);
    }
    return 0;
  }

  private int pairsFor(EngineKind kind) {
    return kind == EngineKind.DL4J ? dl4jPairs : pairs;
  }

  /**
   * Warms the JIT up on a tenth of the pairs (at least 2), then times all pairs in {@link #ROUNDS}
   * consecutive rounds. The best round shows the engine with the least interference from other
   * processes on a shared machine; the total shows what a run would have got.
   */
  private static Measured measure(PairLoop loop, BatchPredictor predictor, int pairs) {
    loop.run(predictor, 0, Math.max(2, pairs / 10));
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    PairLoop.Timing total = null;
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int first = pairs * round / ROUNDS;
      PairLoop.Timing timing = loop.run(predictor, first, pairs * (round + 1) / ROUNDS - first);
      total = total == null ? timing : total.plus(timing);
      best = Math.max(best, timing.imagesPerSecond());
    }
    double cpuShare = (double) (processCpuNanos() - cpuStart) / (System.nanoTime() - start);
    return new Measured(total, best, cpuShare);
  }

  private record Measured(PairLoop.Timing total, double bestImagesPerSecond, double cpuShare) {}

  private void report(EngineKind kind, Measured measured, CpuPeak peak) {
    PairLoop.Timing t = measured.total();
    double gflops = t.imagesPerSecond() * FLOP_PER_IMAGE / 1e9;
    System.out.printf(
        "%-7s %7d %6d %10.0f %10.0f %8.1f %5.1f%% %4.0f%% %8.1f %8.2f %8.2f %9.4f%n",
        kind,
        threads,
        t.pairs(),
        t.imagesPerSecond(),
        measured.bestImagesPerSecond(),
        gflops,
        100 * gflops / peak.gflops(threads),
        100 * measured.cpuShare() / threads,
        t.pairsPerSecond(),
        t.pairMillis(),
        t.noiseMillis(),
        (double) t.unchanged() / t.images());
    System.out.printf(
        "RESULT %s %d %.1f %.1f %.3f%n",
        kind, threads, t.imagesPerSecond(), measured.bestImagesPerSecond(), t.pairMillis());
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
