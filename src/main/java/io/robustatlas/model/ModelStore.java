package io.robustatlas.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustatlas.spark.Outputs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model files of a run, in {@code <out>/models}: {@code <model_id>.zip} (DL4J {@link
 * ModelSerializer} format, without updater state) and {@code <model_id>.json} (its {@link
 * ModelRecord}). The JSON is committed after the zip, so its presence means the model is finished;
 * zips are written with fixed entry times, so a retried task writes the same bytes.
 */
public final class ModelStore implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 1980-01-01 plus a day: the earliest DOS zip time that survives every time zone. */
  private static final long FIXED_ZIP_TIME = 315_619_200_000L;

  /** The models' folder inside the output folder. */
  public static final String DIR_NAME = "models";

  private final String outDir;
  private final String modelsDir;

  /** @param outDir the run's output folder; models go into its {@code models} subfolder */
  public ModelStore(String outDir) {
    this.outDir = outDir;
    this.modelsDir = new Path(outDir, DIR_NAME).toString();
  }

  /**
   * Where a model's zip sits relative to the output folder, as the models table records it: a
   * copied or moved output folder still finds its models.
   */
  public static String relativeZipPath(String modelId) {
    return DIR_NAME + "/" + modelId + ".zip";
  }

  /** A path recorded relative to the output folder, as a full path. */
  public String resolve(String relativePath) {
    return new Path(outDir, relativePath).toString();
  }

  private Path recordPath(String modelId) {
    return new Path(modelsDir, modelId + ".json");
  }

  /** Commits a model: its zip (unless it diverged and has none), then its record. */
  public void commit(ModelRecord record, MultiLayerNetwork network, Configuration conf)
      throws IOException {
    if (record.modelPath() != null) {
      Outputs.writeOnce(conf, new Path(resolve(record.modelPath())), serialize(network));
    }
    Outputs.writeOnce(conf, recordPath(record.modelId()), JSON.writeValueAsBytes(record));
  }

  /** Deletes temp files of writers that crashed or were killed (retried tasks write anew). */
  public void deleteLeftovers(Configuration conf) {
    try {
      Outputs.deleteLeftovers(conf, new Path(modelsDir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + modelsDir, e);
    }
  }

  /** Records of every committed model, by model id. */
  public Map<String, ModelRecord> finished(Configuration conf) {
    try {
      return readRecords(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the model records in " + modelsDir, e);
    }
  }

  private Map<String, ModelRecord> readRecords(Configuration conf) throws IOException {
    Path dir = new Path(modelsDir);
    FileSystem fs = dir.getFileSystem(conf);
    Map<String, ModelRecord> records = new LinkedHashMap<>();
    if (!fs.exists(dir)) {
      return records;
    }
    for (FileStatus status : fs.listStatus(dir, path -> path.getName().endsWith(".json"))) {
      try (InputStream in = fs.open(status.getPath())) {
        ModelRecord record = JSON.readValue(in, ModelRecord.class);
        records.put(record.modelId(), record);
      }
    }
    return records;
  }

  /** Loads a model zip from any Hadoop path. */
  public static MultiLayerNetwork load(String path, Configuration conf) throws IOException {
    Path zip = new Path(path);
    try (InputStream in = zip.getFileSystem(conf).open(zip)) {
      return ModelSerializer.restoreMultiLayerNetwork(in, false);
    }
  }

  /** ModelSerializer's zip, rewritten with fixed entry times so equal models give equal bytes. */
  public static byte[] serialize(Model network) throws IOException {
    ByteArrayOutputStream original = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, original, false);
    ByteArrayOutputStream fixed = new ByteArrayOutputStream(original.size());
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(original.toByteArray()));
        ZipOutputStream out = new ZipOutputStream(fixed)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(FIXED_ZIP_TIME);
        out.putNextEntry(copy);
        in.transferTo(out);
        out.closeEntry();
      }
    }
    return fixed.toByteArray();
  }
}
