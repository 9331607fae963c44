package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.cli.Main;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.IdxFixtures.Compression;
import io.robustatlas.testing.IdxFixtures.IdxFiles;
import io.robustatlas.testing.JvmCommand;
import io.robustatlas.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit scenario that used to lose pairs: groups of two models; the first group's first model
 * fails (a corrupt zip), so the group commits only the second model's pairs; the driver is killed
 * (SIGKILL) while the next group is being probed; the zip is repaired and the stage rerun. Group
 * files used to be named after their first model and replaced on write, so the rerun's first
 * group (the failed model and the next one) took the committed group's name and replaced its
 * pairs. Now every committed file must survive byte for byte, every model's pairs be there once,
 * and the failed model be probed exactly once by the rerun.
 */
class CommitRecoveryIT {
  private static final int MODELS = 4;

  @TempDir Path dir;

  @Test
  void aRerunAfterAKilledDriverKeepsEveryCommittedPairOnce() throws Exception {
    IdxFiles data = IdxFixtures.write(dir, IdxFixtures.synthetic(300, 28, 28, 5), Compression.GZIP);
    Path out = dir.resolve("run");
    assertEquals(0, Main.run(stage("train", data, out)));
    Path firstZip = zips(out).get(0);
    String failing = firstZip.getFileName().toString().replace(".zip", "");
    byte[] zipBytes = Files.readAllBytes(firstZip);
    Files.write(firstZip, new byte[] {1, 2, 3});
    Files.deleteIfExists(firstZip.resolveSibling("." + firstZip.getFileName() + ".crc"));

    Process killed = start(data, out, dir.resolve("killed.log"));
    awaitFirstCommit(killed, out);
    killed.destroyForcibly().waitFor();
    Map<String, byte[]> committed = parts(out);
    assertEquals(2, committed.size(), "one group: its pairs and its counts file " + committed.keySet());

    Files.write(firstZip, zipBytes);
    Path rerunLog = dir.resolve("rerun.log");
    Process rerun = start(data, out, rerunLog);
    assertTrue(rerun.waitFor(5, TimeUnit.MINUTES), "rerun timed out");
    assertEquals(0, rerun.exitValue(), Files.readString(rerunLog));

    Map<String, byte[]> after = parts(out);
    committed.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " kept"));
    String log = Files.readString(rerunLog);
    assertEquals(1, count(log, "robustness: model " + failing + " started"), log);
    SparkSession spark = SparkTestSession.start("CommitRecoveryIT");
    try {
      Dataset<Row> pairs = spark.read().parquet(out.resolve(PairsTable.DIR_NAME).toString());
      assertEquals(MODELS, pairs.select("model_id").distinct().count(), "every model's pairs");
      assertEquals(
          pairs.count(), pairs.select("model_id", "sample_index", "noise", "level").distinct().count(),
          "no pair twice");
      Dataset<Row> counts = spark.read().parquet(out.resolve(PairCountsTable.DIR_NAME).toString());
      assertEquals(MODELS, counts.count(), "one counts row per model");
      assertEquals(pairs.count(), counts.groupBy().sum("pairs").first().getLong(0));
    } finally {
      spark.stop();
    }
  }

  private static String[] stage(String name, IdxFiles data, Path out) {
    return new String[] {
      name, "--out", out.toString(),
      "--set", "data.train-images=" + data.imagesPath(),
      "--set", "data.train-labels=" + data.labelsPath(),
      "--set", "data.test-images=" + data.imagesPath(),
      "--set", "data.test-labels=" + data.labelsPath(),
      "--set", "grid.optimizer=[adam]",
      "--set", "grid.learning-rate=[0.01]",
      "--set", "grid.seed=[0,1,2,3]",
      "--set", "grid.epochs=[1]",
      "--set", "train.min-accuracy=0",
      "--set", "robustness.models-per-file=2",
      // Slow enough that the second group is still being probed when the first commits.
      "--set", "robustness.copies=5000",
      "--set", "robustness.correct-per-class=1",
      "--set", "robustness.wrong-per-class=1"
    };
  }

  /** The robustness stage in a driver JVM of its own (local[2]), its log in {@code log}. */
  private static Process start(IdxFiles data, Path out, Path log) throws IOException {
    List<String> command = new ArrayList<>(JvmCommand.java());
    command.addAll(
        List.of(
            "-Dspark.master=local[2]",
            "-Dlog4j.configurationFile=conf/log4j2.properties",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName()));
    command.addAll(List.of(stage("robustness", data, out)));
    // As a scheduler's retry: the same lock token takes over the lock the killed driver left.
    command.addAll(List.of("--lock-token", "commit-recovery"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  private static void awaitFirstCommit(Process process, Path out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (parts(out).size() < 2) {
      assertTrue(process.isAlive(), "the stage ended before its first commit");
      assertTrue(System.nanoTime() < deadline, "no commit within 5 minutes");
      Thread.sleep(20);
    }
  }

  /** Committed part files of both folders: folder/name → bytes (the counts file last). */
  private static Map<String, byte[]> parts(Path out) throws IOException {
    Map<String, byte[]> parts = new TreeMap<>();
    for (String folder : List.of(PairsTable.DIR_NAME, PairCountsTable.DIR_NAME)) {
      Path path = out.resolve(folder);
      if (!Files.isDirectory(path)) {
        continue;
      }
      try (Stream<Path> files = Files.list(path)) {
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
          parts.put(folder + "/" + file.getFileName(), Files.readAllBytes(file));
        }
      }
    }
    return committedOnly(parts);
  }

  /** A counts file is the commit point: without it a pairs file is not committed yet. */
  private static Map<String, byte[]> committedOnly(Map<String, byte[]> parts) {
    Map<String, byte[]> committed = new TreeMap<>();
    parts.forEach(
        (name, bytes) -> {
          String file = name.substring(name.indexOf('/') + 1);
          if (parts.containsKey(PairCountsTable.DIR_NAME + "/" + file)) {
            committed.put(name, bytes);
          }
        });
    return committed;
  }

  private static List<Path> zips(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("models"))) {
      return files.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
  }

  private static long count(String text, String fragment) {
    return text.lines().filter(line -> line.contains(fragment)).count();
  }
}
