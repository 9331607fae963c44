package io.robustatlas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustatlas.AtlasException;
import io.robustatlas.config.AtlasConfig;
import io.robustatlas.spark.Outputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <out>/manifest.json}: where an output folder came from and how far each stage got. It is
 * created by the first stage that runs into a folder; later stages and reruns must bring the same
 * config and data (same hash) or {@code --force}, so one folder never mixes the outputs of two.
 */
public final class RunManifest {
  public static final String FILE_NAME = "manifest.json";

  /** The names under which the manifest records the data sets' fingerprints. */
  public static final String TRAIN_DATA = "train";

  public static final String TEST_DATA = "test";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Configuration conf;
  private final Path path;
  private final ObjectNode root;
  private final Stage stage;
  private final String identity;

  private RunManifest(
      Configuration conf, Path path, ObjectNode root, Stage stage, String identity) {
    this.conf = conf;
    this.path = path;
    this.root = root;
    this.stage = stage;
    this.identity = identity;
  }

  /**
   * Opens the manifest of {@code outDir} for {@code stage}, creating it for a new folder. The stage
   * refuses the folder when the outputs it would resume or read were made differently: when the
   * recorded identity ({@link Stage}) of this stage or of a stage upstream of it differs from the
   * one this config and data give, or when data it read differ from the data the folder recorded.
   * Paths do not count, so a moved checkout or a copied output folder keeps its identity; the
   * settings of stages that are not upstream of this one do not count either.
   *
   * @param dataRead fingerprints of the data sets this stage read, by name ({@link #TRAIN_DATA},
   *     {@link #TEST_DATA}); for the others the recorded fingerprints stand
   * @param force accept a folder made with another config or other data (its finished work is kept)
   * @throws AtlasException (exit 2) when the folder was made with another config or other data and
   *     not forced
   */
  public static RunManifest open(
      Configuration conf,
      String outDir,
      AtlasConfig config,
      Stage stage,
      Map<String, String> dataRead,
      boolean force) {
    Outputs.requireDirectoryOrAbsent(conf, outDir);
    Path path = new Path(outDir, FILE_NAME);
    ObjectNode root = read(conf, path);
    Map<String, String> data = recordedData(root);
    String mismatch = dataMismatch(data, dataRead);
    data.putAll(dataRead);
    if (mismatch == null) {
      mismatch = settingsMismatch(root, stage, config, data.toString());
    }
    if (root == null) {
      root = JSON.createObjectNode();
      root.put("created", Instant.now().toString());
    } else if (mismatch != null) {
      if (!force) {
        throw new AtlasException(
            "Output folder " + outDir + " was made with " + mismatch
                + ": use another --out, or --force to reuse it");
      }
      root.withArray("history").addObject()
          .put("forced", Instant.now().toString())
          .put("stage", stage.id())
          .put("reason", mismatch);
    }
    root.set("data", JSON.valueToTree(data));
    root.put("config_source", config.source());
    root.set("config", parse(config.rendered()));
    root.put("config_canonical", config.canonical());
    root.set("versions", JSON.valueToTree(versions()));
    RunManifest manifest =
        new RunManifest(conf, path, root, stage, stage.identity(config, data.toString()));
    manifest.save();
    return manifest;
  }

  /**
   * The manifest of {@code outDir} as it is, read only, without creating or changing anything: for
   * stages that check what an earlier stage left before they start ({@link #status}, {@link
   * #dataFingerprint}).
   */
  public static Optional<RunManifest> existing(Configuration conf, String outDir) {
    Path path = new Path(outDir, FILE_NAME);
    ObjectNode root = read(conf, path);
    return Optional.ofNullable(root).map(r -> new RunManifest(conf, path, r, null, null));
  }

  /**
   * Opens the manifest of {@code outDir} for a stage that reads the folder as it is and writes
   * nothing the other stages read ({@link Stage#REPORT}): it never refuses the folder, whatever
   * config made it, and changes nothing in the manifest but its own stage entry (the recorded
   * config, data and versions stay those of the stages that made the outputs). Its identity is
   * that of what it read: the identities recorded for the other stages, and the data.
   *
   * @throws AtlasException (exit 2) when the folder has no manifest
   */
  public static RunManifest openReader(Configuration conf, String outDir, Stage stage) {
    requireExisting(conf, outDir);
    Path path = new Path(outDir, FILE_NAME);
    ObjectNode root = read(conf, path);
    SortedMap<String, String> identities = new TreeMap<>();
    root.path("stages").fields().forEachRemaining(
        entry -> {
          if (!entry.getKey().equals(stage.id())) {
            identities.put(entry.getKey(), entry.getValue().path("identity").asText());
          }
        });
    String identity = stage.identityOfRecorded(identities, recordedData(root).toString());
    return new RunManifest(conf, path, root, stage, identity);
  }

  /**
   * Before anything is read or written: {@code outDir} holds a run manifest (some stage ran into
   * it).
   *
   * @throws AtlasException (exit 2) when it does not
   */
  public static void requireExisting(Configuration conf, String outDir) {
    if (existing(conf, outDir).isEmpty()) {
      throw new AtlasException(
          "No run manifest in " + outDir + " (no " + FILE_NAME + "): nothing to report; run the"
              + " pipeline into this --out first (./submit.sh --out " + outDir + ")");
    }
  }

  /** What the manifest records, as JSON (a copy): for stages that describe the folder. */
  public JsonNode content() {
    return root.deepCopy();
  }

  /** Which data set this stage read differs from the one the folder recorded, or null. */
  private static String dataMismatch(Map<String, String> recorded, Map<String, String> read) {
    for (Map.Entry<String, String> entry : read.entrySet()) {
      String before = recorded.get(entry.getKey());
      if (before != null && !before.equals(entry.getValue())) {
        return "other " + entry.getKey() + " data (fingerprint " + abbreviate(before) + ", now "
            + abbreviate(entry.getValue()) + ")";
      }
    }
    return null;
  }

  /**
   * Which recorded stage, this one or one upstream of it, has an identity other than this config
   * gives it, or null. A stage recorded without an identity was run by an earlier version.
   */
  private static String settingsMismatch(
      ObjectNode root, Stage stage, AtlasConfig config, String data) {
    if (root == null) {
      return null;
    }
    for (Stage recorded : stage.withUpstream()) {
      JsonNode node = root.path("stages").path(recorded.id());
      if (node.isMissingNode()) {
        continue;
      }
      String before = node.path("identity").asText();
      String now = recorded.identity(config, data);
      if (!now.equals(before)) {
        return "a different config for its " + recorded.id() + " stage (identity "
            + abbreviate(before) + ", now " + abbreviate(now) + ")";
      }
    }
    return null;
  }

  private static String abbreviate(String hash) {
    return hash.isEmpty() ? "none" : hash.substring(0, Math.min(12, hash.length())) + "…";
  }

  private static Map<String, String> recordedData(ObjectNode root) {
    Map<String, String> data = new TreeMap<>();
    if (root != null) {
      root.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    }
    return data;
  }

  /**
   * Runs the opened stage's work and records it: {@code running} (with the stage's identity) before (a crash leaves it visibly so),
   * then {@code done}, {@code partial} (some items failed) or {@code failed} with the error.
   */
  public <R extends StageResult> R record(Supplier<R> work) {
    String stage = this.stage.id();
    started(stage);
    try {
      R result = work.get();
      finished(stage, result.failed() > 0 ? "partial" : "done", result.counts(),
          result.elapsed().toMillis() / 1000.0);
      return result;
    } catch (RuntimeException | Error e) {
      failed(stage, String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
      throw e;
    }
  }

  private void started(String stage) {
    ObjectNode node = root.with("stages").with(stage);
    node.put("status", "running");
    node.put("identity", identity);
    node.put("started", Instant.now().toString());
    node.remove("error");
    save();
  }

  private void finished(String stage, String status, Map<String, ?> counts, double seconds) {
    ObjectNode node = root.with("stages").with(stage);
    node.put("status", status);
    node.put("finished", Instant.now().toString());
    node.put("seconds", seconds);
    node.set("counts", JSON.valueToTree(counts));
    save();
  }

  private void failed(String stage, String error) {
    ObjectNode node = root.with("stages").with(stage);
    node.put("status", "failed");
    node.put("finished", Instant.now().toString());
    node.put("error", error);
    save();
  }

  /** The recorded fingerprint of a data set, or null. */
  public String dataFingerprint(String name) {
    return root.path("data").hasNonNull(name) ? root.path("data").path(name).asText() : null;
  }

  /** The recorded status of a stage, or null if it never ran into this folder. */
  public String status(String stage) {
    return root.path("stages").path(stage).hasNonNull("status")
        ? root.path("stages").path(stage).path("status").asText()
        : null;
  }

  private void save() {
    try {
      Outputs.replace(conf, path, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }

  private static ObjectNode read(Configuration conf, Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        return (ObjectNode) JSON.readTree(in);
      }
    } catch (IOException | ClassCastException e) {
      throw new AtlasException("Cannot read run manifest " + path + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Code and library versions, from the build (version.properties) and the running JVM. */
  static Map<String, String> versions() {
    Properties build = new Properties();
    try (InputStream in = RunManifest.class.getResourceAsStream("/io/robustatlas/version.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "robustness_atlas", build.getProperty("version", "unknown"),
        "spark", org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        "dl4j", build.getProperty("dl4j", "unknown"),
        "java", System.getProperty("java.version"));
  }

  static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
