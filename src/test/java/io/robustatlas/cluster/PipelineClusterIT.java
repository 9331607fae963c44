package io.robustatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.cluster.StandaloneCluster.Executor;
import io.robustatlas.testing.SparkTestSession;
import io.robustatlas.testing.Submission;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline through {@code submit.sh} on a real standalone cluster (a master and two
 * one-core workers on loopback), against an undisturbed local-mode run of the same config: the
 * cluster run, a run that loses an executor in each stage, a run whose driver is killed twice and
 * rerun, and a run with aggressive speculation must all write exactly the local run's outputs; the
 * meta stage (spark trainer) finishes after losing an executor while it trains.
 * Run by {@code mvn verify -Pcluster} (after {@code package}: the cluster jar is the application).
 *
 * <p>The config is small but not trivial: 6 models of 1 epoch on 1,000 images, each a few
 * seconds of work, so a kill lands inside a task; 2 σ × 300 copies per pair; one model per pairs
 * file, so robustness work is committed model by model.
 */
@TestMethodOrder(OrderAnnotation.class)
class PipelineClusterIT {
  private static final Path WORK = Path.of("target/cluster-it");
  private static final List<String> CONFIG =
      List.of(
          "data.train-limit=1000",
          "data.test-limit=300",
          "grid.optimizer=[adam]",
          "grid.learning-rate=[0.01]",
          "grid.l2=[0]",
          "grid.epochs=[1]",
          "grid.seed=[0,1,2,3,4,5]",
          "grid.init=[xavier]",
          "grid.batch-size=[32]",
          "train.min-accuracy=0.3",
          "robustness.noise=[{kind=gaussian,levels=[0.5,0.9]}]",
          "robustness.copies=300",
          "robustness.correct-per-class=2",
          "robustness.wrong-per-class=2",
          "robustness.engine=scalar",
          "robustness.models-per-file=1",
          // meta: one LSTM wide enough that each parameter-averaging task trains for seconds.
          "meta.task=[regression]",
          "meta.arch=[lstm]",
          "meta.baselines=[msp]",
          "meta.embed=96",
          "meta.layers=2",
          "meta.epochs=4",
          "meta.patience=4",
          "meta.batch-size=80");
  /** One core and 1 GiB per executor: one executor per worker. */
  private static final List<String> EXECUTORS =
      List.of("--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g");

  private static StandaloneCluster cluster;
  private static SparkSession spark;
  private static RunOutputs reference;

  @BeforeAll
  static void startClusterAndReferenceRun() throws IOException {
    deleteTree(WORK);
    Files.createDirectories(WORK);
    cluster = StandaloneCluster.start(WORK.resolve("cluster"), "2g");
    say("standalone cluster at " + cluster.masterUrl() + ", workers 127.0.0.1 and localhost");
    spark = SparkTestSession.start("cluster-it");
    Path out = WORK.resolve("local");
    int exit = Submission.run(log("local"), submit(out, "local[2]", List.of()));
    assertEquals(0, exit, "local reference run; see " + log("local"));
    reference = RunOutputs.read(spark, out);
    say("undisturbed local[2] run: " + reference.summary());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void clusterRunWritesWhatLocalModeWrites() throws IOException {
    Path out = WORK.resolve("cluster-run");
    assertEquals(0, Submission.run(log("cluster-run"), onCluster(out)), "see " + log("cluster-run"));
    RunOutputs.read(spark, out).assertSameAs(reference, "cluster run");
    say("cluster run: outputs equal the local run's");
  }

  @Test
  @Order(2)
  void survivesLosingAnExecutorInEachStage() throws IOException {
    Path out = WORK.resolve("executor-loss");
    for (String stage : List.of("train", "robustness")) {
      Path log = log("executor-loss-" + stage);
      Submission run = Submission.start(log, onCluster(out, stage));
      Path committed = out.resolve(stage.equals("train") ? "models" : "pair-counts.parquet");
      BusyExecutor victim = awaitBusyExecutor(run, stage, committed);
      victim.executor().kill();
      say("killed executor " + victim.executor().executorId() + " (pid "
          + victim.executor().process().pid() + ") while it ran " + stage + " of model "
          + victim.modelId());
      assertEquals(0, run.waitForExit(), "the " + stage + " stage survives; see " + log);
      assertTrue(run.logText().contains("ExecutorLostFailure"), "the driver saw the loss: " + log);
      say(stage + " finished after the executor loss: " + lines(run.logText(), "ExecutorLost"));
    }
    RunOutputs.read(spark, out).assertSameAs(reference, "run with lost executors");
    say("run with an executor killed in train and in robustness: outputs equal the undisturbed run's");
  }

  @Test
  @Order(3)
  void resumesAfterTheDriverIsKilled() throws IOException {
    Path out = WORK.resolve("driver-kill");
    killDriverOnce(out, "driver-kill-1", "2 models committed",
        () -> files(out.resolve("models"), ".json").size() >= 2);
    Map<String, FileTime> models = modifiedTimes(out.resolve("models"));
    say("killed the driver during train with " + files(out.resolve("models"), ".zip").size()
        + " models committed");

    Submission second = killDriverOnce(out, "driver-kill-2", "robustness committed for a model",
        () -> files(out.resolve("pair-counts.parquet"), ".parquet").size() >= 1);
    Map<String, FileTime> pairs = committedPairFiles(out);
    say("killed the driver during robustness with " + pairs.size() + " model(s) committed");
    assertTrue(alreadyDone(second.logText(), "train") >= 2, "train resumed: " + log("driver-kill-2"));

    Submission third = Submission.start(log("driver-kill-3"), onCluster(out));
    assertEquals(0, third.waitForExit(), "the rerun finishes; see " + log("driver-kill-3"));
    assertTrue(alreadyDone(third.logText(), "robustness") >= pairs.size(), "robustness resumed");
    assertUnchanged(models, modifiedTimes(out.resolve("models")), "models");
    assertUnchanged(pairs, committedPairFiles(out), "pairs");
    RunOutputs.read(spark, out).assertSameAs(reference, "run resumed after two driver kills");
    say("rerun after the driver kills: " + lines(third.logText(), "already done")
        + "; finished models and pairs untouched; outputs equal the undisturbed run's");
  }

  @Test
  @Order(4)
  void speculativeCopiesKeepOutputsExact() throws IOException {
    Path out = WORK.resolve("speculation");
    List<String> speculation =
        List.of(
            "--conf", "spark.speculation=true",
            "--conf", "spark.speculation.interval=100ms",
            "--conf", "spark.speculation.multiplier=0.5",
            "--conf", "spark.speculation.quantile=0.1",
            "--conf", "spark.speculation.minTaskRuntime=200ms",
            "--conf", "spark.speculation.task.duration.threshold=1s",
            "--conf", "spark.speculation.efficiency.enabled=false");
    List<String> extra = new ArrayList<>(EXECUTORS);
    extra.addAll(speculation);
    Path log = log("speculation");
    assertEquals(0, Submission.run(log, submit(out, cluster.masterUrl(), extra)), "see " + log);
    String text = Files.readString(log);
    assertTrue(text.contains("speculative copy"), "Spark ran speculative copies: " + log);
    RunOutputs.read(spark, out).assertSameAs(reference, "run with speculation");
    say("speculation: " + lines(text, "speculative copy").size()
        + " speculative attempts logged; outputs equal the undisturbed run's");
  }

  @Test
  @Order(5)
  void metaSurvivesLosingAnExecutorWhileTraining() throws IOException {
    // The executor-loss folder holds train and robustness outputs, and no meta stage yet.
    Path out = WORK.resolve("executor-loss");
    Path log = log("executor-loss-meta");
    Submission run = Submission.start(log, onCluster(out, "meta"));
    // The engine fits the network inside one task: kill the executor that logs its first epoch,
    // so the task dies mid-fit and Spark must run it again on the other executor.
    run.await("the first epoch of the meta-network on an executor", () -> metaExecutor().isPresent());
    Executor victim = metaExecutor().orElseThrow();
    victim.kill();
    say("killed executor " + victim.executorId() + " (pid " + victim.process().pid()
        + ") after the first meta epoch of its task");
    assertEquals(0, run.waitForExit(), "the meta stage survives; see " + log);
    assertTrue(run.logText().contains("Lost executor"), "the driver saw the loss: " + log);
    assertTrue(run.logText().contains("meta: model-regression-lstm-s0 done"), "the network was fitted: " + log);
    assertEquals(
        spark.read().parquet(WORK.resolve("local/meta/split.parquet").toString()).collectAsList(),
        spark.read().parquet(out.resolve("meta/split.parquet").toString()).collectAsList(),
        "the split is the local run's");
    assertEquals(2, spark.read().parquet(out.resolve("meta/metrics.parquet").toString()).count());
    say("meta finished after the executor loss: " + lines(run.logText(), "Lost executor"));
  }

  /** Runs the whole pipeline into {@code out} until {@code moment}, then kills its driver. */
  private static Submission killDriverOnce(
      Path out, String name, String moment, BooleanSupplier reached) throws IOException {
    Submission run = Submission.start(log(name), onCluster(out));
    run.await(moment, reached);
    run.kill();
    return run;
  }

  /** An executor in the middle of a stage's task, and the model it is working on. */
  private record BusyExecutor(Executor executor, String modelId) {}

  /**
   * Waits until the stage has committed something (so the kill is mid-stage) and an executor is
   * inside a task: its log says "{stage}: model X started" without "model X done".
   */
  private static BusyExecutor awaitBusyExecutor(Submission run, String stage, Path committed) {
    BusyExecutor[] found = new BusyExecutor[1];
    run.await(
        "an executor busy with " + stage + " after the first commit",
        () -> {
          if (files(committed, "").isEmpty()) {
            return false;
          }
          found[0] = busyExecutor(stage).orElse(null);
          return found[0] != null;
        });
    return found[0];
  }

  private static Optional<BusyExecutor> busyExecutor(String stage) {
    Pattern event = Pattern.compile(stage + ": model ([0-9a-f]{16}) (started|done)");
    for (Executor executor : cluster.executors()) {
      Map<String, Boolean> running = new TreeMap<>();
      Matcher m = event.matcher(executor.logText());
      while (m.find()) {
        running.put(m.group(1), m.group(2).equals("started"));
      }
      Optional<String> model =
          running.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst();
      if (model.isPresent()) {
        return Optional.of(new BusyExecutor(executor, model.get()));
      }
    }
    return Optional.empty();
  }

  /** The executor whose log shows a meta-network's first epoch, if any yet. */
  private static Optional<Executor> metaExecutor() {
    return cluster.executors().stream().filter(e -> e.logText().contains("epoch 1/")).findFirst();
  }

  /** "N already done" from the stage's start-up line in a driver log. */
  private static int alreadyDone(String log, String stage) {
    Matcher m = Pattern.compile(stage + ": .*?(\\d+) already done").matcher(log);
    assertTrue(m.find(), "no '" + stage + ": ... already done' line in the log");
    return Integer.parseInt(m.group(1));
  }

  private static void assertUnchanged(
      Map<String, FileTime> before, Map<String, FileTime> after, String what) {
    before.forEach(
        (name, time) ->
            assertEquals(time, after.get(name), what + " file " + name + " was rewritten or lost"));
  }

  /** Pairs files whose counts file (the commit point) exists, with their modification times. */
  private static Map<String, FileTime> committedPairFiles(Path out) {
    Map<String, FileTime> pairs = modifiedTimes(out.resolve("pairs.parquet"));
    pairs.keySet().retainAll(modifiedTimes(out.resolve("pair-counts.parquet")).keySet());
    return pairs;
  }

  private static Map<String, FileTime> modifiedTimes(Path dir) {
    Map<String, FileTime> times = new TreeMap<>();
    for (Path file : files(dir, "")) {
      try {
        times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return times;
  }

  /** Visible files in {@code dir} whose names end with {@code suffix}; none if it is absent. */
  private static List<Path> files(Path dir, String suffix) {
    File[] files =
        dir.toFile().listFiles((d, name) -> !name.startsWith(".") && !name.startsWith("_")
            && name.endsWith(suffix));
    return files == null ? List.of() : Stream.of(files).map(File::toPath).toList();
  }

  private static List<String> onCluster(Path out, String... stages) {
    List<String> args = new ArrayList<>(List.of(stages));
    args.addAll(submit(out, cluster.masterUrl(), EXECUTORS));
    return args;
  }

  private static List<String> submit(Path out, String master, List<String> sparkArgs) {
    List<String> args = new ArrayList<>(List.of("--out", out.toAbsolutePath().toString()));
    // One lock token per folder, as a scheduler retrying a run: a rerun after a driver kill takes
    // over the lock the killed driver left.
    args.addAll(List.of("--lock-token", "cluster-it-" + out.getFileName()));
    CONFIG.forEach(setting -> args.addAll(List.of("--set", setting)));
    args.addAll(List.of("--master", master));
    if (!sparkArgs.isEmpty()) {
      args.add("--");
      args.addAll(sparkArgs);
    }
    return args;
  }

  private static Path log(String name) {
    return WORK.resolve(name + ".log");
  }

  private static List<String> lines(String log, String text) {
    return log.lines().filter(line -> line.contains(text)).toList();
  }

  private static void say(String message) {
    System.out.println("[cluster-it] " + message);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
