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
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <out>/manifest.json}: where an output folder came from and how far each stage got. It is
 * created by the first stage that runs into a folder; later stages and reruns must bring the same
 * config (same hash) or {@code --force}, so one folder never mixes the outputs of two configs.
 */
public final class RunManifest {
  public static final String FILE_NAME = "manifest.json";
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
   * Opens the manifest of {@code outDir}, creating it for a new folder.
   *
   * @param force accept a folder made with another config (its finished work is kept)
   * @throws AtlasException (exit 2) when the folder was made with another config and not forced
   */
  public static RunManifest open(Configuration conf, String outDir, AtlasConfig config, boolean force) {
    Outputs.requireDirectoryOrAbsent(conf, outDir);
    Path path = new Path(outDir, FILE_NAME);
    String hash = hash(config.canonical());
    ObjectNode root = read(conf, path);
    if (root == null) {
      root = JSON.createObjectNode();
      root.put("created", Instant.now().toString());
    } else if (!hash.equals(root.path("config_hash").asText())) {
      if (!force) {
        throw new AtlasException(
            "Output folder " + outDir + " was made with a different config (hash "
                + root.path("config_hash").asText().substring(0, 12) + "…, now " + hash.substring(0, 12)
                + "…): use another --out, or --force to reuse it");
      }
      root.withArray("history").addObject()
          .put("forced", Instant.now().toString())
          .put("previous_config_hash", root.path("config_hash").asText());
    }
    root.put("config_hash", hash);
    root.put("config_source", config.source());
    root.set("config", parse(config.rendered()));
    root.put("config_canonical", config.canonical());
    root.set("versions", JSON.valueToTree(versions()));
    RunManifest manifest = new RunManifest(conf, path, root);
    manifest.save();
    return manifest;
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

  /** Records the fingerprint of a data set the run used ({@code train}, {@code test}). */
  public void dataFingerprint(String name, String fingerprint) {
    root.with("data").put(name, fingerprint);
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
