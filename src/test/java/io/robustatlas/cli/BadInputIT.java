package io.robustatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.IdxFixtures.Compression;
import io.robustatlas.testing.IdxFixtures.Corruption;
import io.robustatlas.testing.IdxFixtures.IdxFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input through the real command line (in-process, real Spark local mode): one
 * {@code error:} line naming what is wrong and where, a non-zero exit code, and a finished output
 * folder left exactly as it was (the manifest may record the failed attempt). Bad data go to fresh
 * folders: in the finished one, another data path is another config, refused before any reading.
 */
class BadInputIT {
  @TempDir static Path dir;
  private static Path run;
  private static IdxFiles good;

  /** A finished 2-model run (train + robustness) that the bad inputs must not damage. */
  @BeforeAll
  static void finishedRun() {
    good = IdxFixtures.write(dir, IdxFixtures.synthetic(300, 28, 28, 5), Compression.GZIP);
    run = dir.resolve("run");
    assertEquals(0, Main.run(stage("train", run)));
    assertEquals(0, Main.run(stage("robustness", run)));
  }

  /** A stage on the synthetic data with a tiny grid and probe, plus extra arguments. */
  private static String[] stage(String name, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                name,
                "--out", out.toString(),
                "--set", "data.train-images=" + good.imagesPath(),
                "--set", "data.train-labels=" + good.labelsPath(),
                "--set", "data.test-images=" + good.imagesPath(),
                "--set", "data.test-labels=" + good.labelsPath(),
                "--set", "grid.optimizer=[adam]",
                "--set", "grid.seed=[0,1]",
                "--set", "grid.epochs=[1]",
                "--set", "train.min-accuracy=0",
                "--set", "robustness.copies=20",
                "--set", "robustness.correct-per-class=1",
                "--set", "robustness.wrong-per-class=1"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** Runs the command line, checks the exit code and the single error line, returns the line. */
  private static String fails(int exitCode, String... args) throws IOException {
    Map<String, String> before = snapshot(run);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setErr(original);
    }
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(exitCode, code, "exit code; stderr: " + err);
    assertEquals(1, lines.size(), "one error line; stderr: " + err);
    assertEquals(before, snapshot(run), "the finished run must be untouched");
    return lines.get(0);
  }

  private static void assertMentions(String line, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(line.contains(fragment), "'" + fragment + "' in: " + line);
    }
  }

  @Test
  void badMagicNumber() throws IOException {
    Path bad = IdxFixtures.writeImages(dir.resolve("magic.gz"), data(), Compression.GZIP, Corruption.BAD_MAGIC);
    assertMentions(fails(2, stage("train", dir.resolve("d1"), "--set", "data.train-images=" + bad)), bad.toString(), "magic number");
  }

  @Test
  void truncatedImageFile() throws IOException {
    Path bad = IdxFixtures.writeImages(dir.resolve("cut.gz"), data(), Compression.GZIP, Corruption.TRUNCATED);
    assertMentions(fails(2, stage("train", dir.resolve("d2"), "--set", "data.train-images=" + bad)), bad.toString(), "truncated");
  }

  @Test
  void labelsAndImagesOfDifferentCounts() throws IOException {
    Path labels = IdxFixtures.writeLabels(dir.resolve("few.gz"), new byte[299], Compression.GZIP);
    assertMentions(
        fails(2, stage("train", dir.resolve("d3"), "--set", "data.train-labels=" + labels)),
        "300 images", "299 labels", labels.toString());
  }

  @Test
  void labelOutsideZeroToNine() throws IOException {
    byte[] labels = data().labels().clone();
    labels[17] = 12;
    Path bad = IdxFixtures.writeLabels(dir.resolve("label12.gz"), labels, Compression.GZIP);
    assertMentions(fails(2, stage("train", dir.resolve("d4"), "--set", "data.train-labels=" + bad)), bad.toString(), "label 12 at index 17");
  }

  @Test
  void missingDataFileIsFoundBeforeAnythingIsWritten() throws IOException {
    Path missing = dir.resolve("nowhere.gz");
    Path out = dir.resolve("d5");
    assertMentions(fails(2, stage("train", out, "--set", "data.test-images=" + missing)), missing.toString(), "does not exist");
    assertFalse(Files.exists(out), "checked before Spark started: no output folder");
  }

  @Test
  void imagesThatAreNot28By28AreRefusedBeforeSparkStarts() throws IOException {
    IdxFiles big = IdxFixtures.write(Files.createDirectories(dir.resolve("big")), IdxFixtures.synthetic(300, 32, 32, 5), Compression.GZIP);
    Path out = dir.resolve("d6");
    String line = fails(2, stage("train", out, "--set", "data.train-images=" + big.imagesPath(), "--set", "data.train-labels=" + big.labelsPath()));
    assertEquals("error: Data file " + big.imagesPath() + " holds 32x32 images: the network needs 28x28", line);
    assertFalse(Files.exists(out), "checked before Spark started: no output folder");
  }

  /** A JVM started without the Vector API module: the stage refuses engine vector up front. */
  @Test
  void vectorEngineOnAJvmWithoutTheModule() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(stage("robustness", run, "--set", "robustness.engine=vector")));
    Map<String, String> before = snapshot(run);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "child JVM timed out");
    assertEquals(2, process.exitValue(), output);
    List<String> errors = output.lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(
        List.of("error: Cannot set robustness.engine to vector: this JVM lacks module jdk.incubator.vector (start it with --add-modules jdk.incubator.vector); use engine auto or scalar"),
        errors, output);
    assertEquals(before, snapshot(run), "the finished run must be untouched");
  }

  @Test
  void robustnessWithoutModelsTable() throws IOException {
    Path fresh = dir.resolve("fresh");
    assertMentions(fails(2, stage("robustness", fresh)), "No finished train stage", fresh.toString());
  }

  /** Another run's table: trained on other data (its models carry another train fingerprint). */
  @Test
  void modelsTableFromAnotherRun() throws IOException {
    IdxFiles otherData = IdxFixtures.write(Files.createDirectories(dir.resolve("other-data")), IdxFixtures.synthetic(300, 28, 28, 6), Compression.GZIP);
    Path other = dir.resolve("other");
    String[] otherStage = stage("train", other, "--set", "data.train-images=" + otherData.imagesPath(), "--set", "data.train-labels=" + otherData.labelsPath());
    assertEquals(0, Main.run(otherStage));
    otherStage[0] = "robustness";
    Files.copy(run.resolve("models.parquet"), other.resolve("models.parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(other.resolve(".models.parquet.crc"));
    assertMentions(fails(2, otherStage), "comes from another run");
  }

  @Test
  void unknownConfigKey() throws IOException {
    assertMentions(fails(2, stage("train", run, "--set", "grid.no-such-key=1")), "grid.no-such-key", "--set");
  }

  @Test
  void wrongType() throws IOException {
    assertMentions(fails(2, stage("train", run, "--set", "grid.epochs=[one]")), "grid.epochs", "integer");
  }

  @Test
  void outOfRangeValues() throws IOException {
    for (String bad :
        List.of("robustness.copies=0", "robustness.noise=[{kind=impulse,levels=[1.5]}]",
            "robustness.wrong-per-class=-1", "grid.learning-rate=[0]", "ensemble.alpha=-1")) {
      assertMentions(fails(2, stage("robustness", run, "--set", bad)), bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  void unknownNoiseKind() throws IOException {
    assertMentions(
        fails(2, stage("robustness", run, "--set", "robustness.noise=[{kind=salt,levels=[0.1]}]")),
        "robustness.noise[0].kind", "\"salt\"", "did you mean shot?");
  }

  @Test
  void oldSigmaKey() throws IOException {
    assertMentions(
        fails(2, stage("robustness", run, "--set", "robustness.sigma=[0.9]")),
        "Unknown config key robustness.sigma", "did you mean robustness.noise?");
  }

  @Test
  void ensembleWithoutModelsTable() throws IOException {
    Path fresh = dir.resolve("fresh-ensemble");
    assertMentions(
        fails(2, stage("ensemble", fresh)), "No finished train stage", fresh.toString());
  }

  @Test
  void reportIntoAFolderWithoutManifestIsRefusedBeforeSparkStarts() throws IOException {
    Path fresh = dir.resolve("no-manifest");
    assertEquals(
        "error: No run manifest in " + fresh + " (no manifest.json): nothing to report; run the"
            + " pipeline into this --out first (./submit.sh --out " + fresh + ")",
        fails(2, stage("report", fresh)));
    assertFalse(Files.exists(fresh), "checked before Spark started: no output folder");
  }

  @Test
  void outputPathThatIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertMentions(fails(2, stage("train", file)), file.toString(), "existing file");
  }

  @Test
  void outputFolderOfAnotherConfig() throws IOException {
    assertMentions(fails(2, stage("train", run, "--set", "grid.seed=[0,1,2]")), "different config", "--force");
  }

  @Test
  void corruptModelZipIsListedAndTheOthersGoOn() throws IOException {
    Path copy = dir.resolve("corrupt");
    assertEquals(0, Main.run(stage("train", copy)));
    Path zip;
    try (Stream<Path> zips = Files.list(copy.resolve("models"))) {
      zip = zips.filter(p -> p.toString().endsWith(".zip")).sorted().findFirst().orElseThrow();
    }
    Files.write(zip, new byte[] {1, 2, 3});
    Files.deleteIfExists(zip.resolveSibling("." + zip.getFileName() + ".crc"));
    String modelId = zip.getFileName().toString().replace(".zip", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(1, Main.run(stage("robustness", copy)));
    } finally {
      System.setOut(original);
    }
    String summary = out.toString(StandardCharsets.UTF_8);
    assertMentions(summary, "0 already done, 1 failed", "failed: " + modelId, "cannot load model zip");
    assertTrue(summary.matches("(?s).*: [1-9]\\d* probed now.*"), "the other models go on: " + summary);
  }

  @Test
  void metaWithoutAFinishedRobustnessStage() throws IOException {
    Path fresh = dir.resolve("meta-fresh");
    assertMentions(fails(2, stage("meta", fresh)), "No finished robustness stage", fresh.toString());
  }

  @Test
  void metaModelSplitWithTooFewModels() throws IOException {
    // One learning rate: 2 models, one short of train, validation and test.
    Path two = dir.resolve("meta-two");
    String[] oneRate = {"--set", "grid.learning-rate=[0.01]"};
    assertEquals(0, Main.run(stage("train", two, oneRate)));
    assertEquals(0, Main.run(stage("robustness", two, oneRate)));
    assertMentions(
        fails(2, stage("meta", two, oneRate)),
        "Cannot split 2 models into train, validation and test (meta.split = model)",
        "at least 3 models");
    assertFalse(Files.exists(two.resolve("meta")), "nothing written");
  }

  @Test
  void metaLevelWithoutPairs() throws IOException {
    Path copy = dir.resolve("meta-level");
    copyTree(run, copy);
    String line = fails(2, stage("meta", copy, "--set", "meta.level=0.5", "--force"));
    assertMentions(line, "no pairs of noise gaussian at level 0.5", "it holds [gaussian 0.9]");
    assertFalse(Files.exists(copy.resolve("meta")), "nothing written");
  }

  @Test
  void metaOutOfRangeValues() throws IOException {
    for (String bad : List.of("meta.heads=3", "meta.level=-1", "meta.arch=[grru]", "meta.epochs=0")) {
      assertMentions(fails(2, stage("meta", run, "--set", bad)), bad.substring(0, bad.indexOf('=')));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static LabeledImages data() {
    return IdxFixtures.synthetic(300, 28, 28, 5);
  }

  /** Path → SHA-256 of every file under {@code root} except the manifest. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().contains("manifest.json")) {
          hashes.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return hashes;
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
