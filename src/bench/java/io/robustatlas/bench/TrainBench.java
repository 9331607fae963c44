package io.robustatlas.bench;

import io.robustatlas.config.DataConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.train.Trainer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures each training engine at one thread count, so that {@code bench/train.sh} can start one
 * JVM per thread count: one LeNet-5 (Adam, lr 1e-3, default init) trained on the bundled training
 * images at each batch size, through the train stage's own {@link Trainer}. After a warm-up epoch,
 * {@link #ROUNDS} one-epoch trainings are timed; the cost of a trainer call with no epoch (drawing
 * the initial weights, building the DL4J network it returns) is measured alike and subtracted, so
 * the figure is the epoch loop alone, as the PyTorch script times it. FLOP per training image: 3 ×
 * the forward pass's 563,280. Prints a table and one {@code RESULT} line per engine and batch.
 */
@Command(
    name = "train-bench",
    mixinStandardHelpOptions = true,
    description = "Training throughput of the training engines.")
public final class TrainBench implements Callable<Integer> {
  /** FLOP of one training image: forward, input gradients and weight gradients. */
  static final long FLOP_PER_IMAGE = 3 * EngineBench.FLOP_PER_IMAGE;

  /** Timed one-epoch trainings per engine and batch size. */
  static final int ROUNDS = 3;

  @Option(names = "--threads", defaultValue = "1", description = "Compute threads.")
  private int threads;

  @Option(names = "--engines", split = ",", defaultValue = "vector,scalar,dl4j")
  private List<EngineKind> engines;

  @Option(names = "--batches", split = ",", defaultValue = "32,64,128,256")
  private List<Integer> batches;

  @Option(
      names = "--images",
      defaultValue = "8000",
      description = "Training images (lane engines).")
  private int images;

  @Option(names = "--dl4j-images", defaultValue = "2000", description = "Training images for DL4J.")
  private int dl4jImages;

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new TrainBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() {
    CpuPeak peak = CpuPeak.detect();
    System.out.println(peak.describe());
    System.out.printf("%d threads, Adam, load average %.2f%n", threads, loadAverage());
    System.out.printf(
        "%-7s %7s %6s %7s %10s %10s %8s %6s%n",
        "engine", "threads", "batch", "images", "images/s", "best/s", "GFLOP/s", "%peak");
    for (EngineKind kind : engines) {
      LabeledImages data = read(kind == EngineKind.DL4J ? dl4jImages : images);
      for (int batch : batches) {
        report(kind, batch, data.count(), measure(Trainer.of(kind), data, batch), peak);
      }
    }
    return 0;
  }

  private static LabeledImages read(int count) {
    return new IdxReader(new Configuration())
        .read(DataConfig.TRAIN_IMAGES_DEFAULT, DataConfig.TRAIN_LABELS_DEFAULT, count);
  }

  private record Measured(double imagesPerSecond, double bestImagesPerSecond) {}

  private Measured measure(Trainer trainer, LabeledImages data, int batch) {
    trainer.train(spec(data, batch, 1, 0), data, threads);
    double overhead = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      overhead = Math.min(overhead, seconds(trainer, spec(data, batch, 0, round), data));
    }
    double total = 0;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      double seconds = seconds(trainer, spec(data, batch, 1, round + 1), data) - overhead;
      total += seconds;
      best = Math.min(best, seconds);
    }
    return new Measured(ROUNDS * data.count() / total, data.count() / best);
  }

  private double seconds(Trainer trainer, TrainSpec spec, LabeledImages data) {
    long start = System.nanoTime();
    trainer.train(spec, data, threads);
    return (System.nanoTime() - start) / 1e9;
  }

  private static TrainSpec spec(LabeledImages data, int batch, int epochs, long seed) {
    return new TrainSpec(
        Optimizer.ADAM, 1e-3, 0, epochs, seed, InitScheme.DEFAULT, batch, data.fingerprint());
  }

  private void report(EngineKind kind, int batch, int count, Measured m, CpuPeak peak) {
    double gflops = m.imagesPerSecond() * FLOP_PER_IMAGE / 1e9;
    System.out.printf(
        "%-7s %7d %6d %7d %10.0f %10.0f %8.1f %5.1f%%%n",
        kind, threads, batch, count, m.imagesPerSecond(), m.bestImagesPerSecond(), gflops,
        100 * gflops / peak.gflops(threads));
    System.out.printf(
        "RESULT %s %d %d %.1f %.1f%n",
        kind, threads, batch, m.imagesPerSecond(), m.bestImagesPerSecond());
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
