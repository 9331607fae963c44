package io.robustatlas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An output folder as the report sees it: its manifest (as recorded when the report started) and
 * whichever of its tables exist, read lazily with Spark.
 */
final class RunFolder {
  private final SparkSession spark;
  private final String outDir;
  private final JsonNode manifest;

  RunFolder(SparkSession spark, String outDir, JsonNode manifest) {
    this.spark = spark;
    this.outDir = outDir;
    this.manifest = manifest;
  }

  SparkSession spark() {
    return spark;
  }

  String outDir() {
    return outDir;
  }

  /** The folder's {@code manifest.json}. */
  JsonNode manifest() {
    return manifest;
  }

  /** A setting of the config the folder recorded, by its path ({@code train.min-accuracy}). */
  JsonNode setting(String key) {
    JsonNode node = manifest.path("config");
    for (String part : key.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  /** The recorded status of a stage ({@code done}, {@code partial}, ...), or null if it never ran. */
  String status(String stage) {
    JsonNode status = manifest.path("stages").path(stage).path("status");
    return status.isTextual() ? status.asText() : null;
  }

  /** Whether the folder holds the table at {@code relative}: a Parquet file, or a folder of them. */
  boolean has(String relative) {
    Path path = new Path(outDir, relative);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return false;
      }
      if (fs.getFileStatus(path).isFile()) {
        return true;
      }
      for (FileStatus child : fs.listStatus(path)) {
        String name = child.getPath().getName();
        if (child.isFile() && name.endsWith(".parquet") && !name.startsWith(".")
            && !name.startsWith("_")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + path, e);
    }
  }

  /** The table at {@code relative}, if the folder holds it. */
  Optional<Dataset<Row>> table(String relative) {
    return has(relative)
        ? Optional.of(spark.read().parquet(new Path(outDir, relative).toString()))
        : Optional.empty();
  }

  /** The command that runs {@code stage} into this folder. */
  String command(String stage) {
    return "./submit.sh " + stage + " --out " + outDir;
  }
}
