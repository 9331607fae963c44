package io.robustatlas.run;

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

  private RunManifest(Configuration conf, Path path, ObjectNode root) {
    this.conf = conf;
    this.path = path;
    this.root = root;
  }

  /**
   * Opens the manifest of {@code outDir}, creating it for a new folder. The folder's identity is
   * the hash of the config's result settings ({@link AtlasConfig#canonical()}) and of the data's
   * fingerprints: those this stage read ({@code dataRead}) and, for data it does not read, those
   * the folder recorded. Paths do not count, so a moved checkout or a copied output folder keeps
   * its identity; changed data or settings do not.
   *
   * @param dataRead fingerprints of the data sets this stage read, by name ({@code train}, {@code
   *     test})
   * @param force accept a folder made with another config or other data (its finished work is kept)
   * @throws AtlasException (exit 2) when the folder was made with another config or other data and
   *     not forced
   */
  public static RunManifest open(
      Configuration conf,
      String outDir,
      AtlasConfig config,
      Map<String, String> dataRead,
      boolean force) {
    Outputs.requireDirectoryOrAbsent(conf, outDir);
    Path path = new Path(outDir, FILE_NAME);
    ObjectNode root = read(conf, path);
    Map<String, String> data = recordedData(root);
    String settingsHash = hash(config.canonical());
    String mismatch = mismatch(root, settingsHash, data, dataRead);
    data.putAll(dataRead);
    String hash = hash(config.canonical() + "\n" + data);
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
          .put("previous_config_hash", root.path("config_hash").asText())
          .put("reason", mismatch);
    }
    root.put("config_hash", hash);
    root.put("settings_hash", settingsHash);
    root.set("data", JSON.valueToTree(data));
    root.put("config_source", config.source());
    root.set("config", parse(config.rendered()));
    root.put("config_canonical", config.canonical());
    root.set("versions", JSON.valueToTree(versions()));
    RunManifest manifest = new RunManifest(conf, path, root);
    manifest.save();
    return manifest;
  }

  /**
   * The manifest of {@code outDir} as it is, without creating or changing anything: for stages
   * that check what an earlier stage left before they start.
   */
  public static Optional<RunManifest> existing(Configuration conf, String outDir) {
    Path path = new Path(outDir, FILE_NAME);
    ObjectNode root = read(conf, path);
    return Optional.ofNullable(root).map(r -> new RunManifest(conf, path, r));
  }

  /** Why the folder's identity differs from this run's, or null if it does not. */
  private static String mismatch(
      ObjectNode root, String settingsHash, Map<String, String> recorded, Map<String, String> read) {
    if (root == null) {
      return null;
    }
    if (!settingsHash.equals(root.path("settings_hash").asText())) {
      return "a different config (settings hash " + abbreviate(root.path("settings_hash").asText())
          + ", now " + abbreviate(settingsHash) + ")";
    }
    for (Map.Entry<String, String> entry : read.entrySet()) {
      String before = recorded.get(entry.getKey());
      if (before != null && !before.equals(entry.getValue())) {
        return "other " + entry.getKey() + " data (fingerprint " + abbreviate(before) + ", now "
            + abbreviate(entry.getValue()) + ")";
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
   * Runs a stage's work and records it: {@code running} before (a crash leaves it visibly so),
   * then {@code done}, {@code partial} (some items failed) or {@code failed} with the error.
   */
  public <R extends StageResult> R record(String stage, Supplier<R> work) {
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

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
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
