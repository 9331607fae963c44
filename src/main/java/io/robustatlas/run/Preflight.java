package io.robustatlas.run;

import io.robustatlas.AtlasException;
import io.robustatlas.data.IdxReader;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.LaneStepper;
import io.robustatlas.grid.Architecture;
import io.robustatlas.model.LeNet5;
import io.robustatlas.spark.Outputs;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Checks a stage can run before its SparkSession starts, so bad input costs a second and one
 * {@code error:} line (exit 2) instead of cluster resources, task retries and a stack trace:
 * the data files exist and their headers are LeNet-5's 28×28, a requested engine can run on the
 * driver and the executors, the output path is a folder. It reads only what spark-submit passed
 * (Spark properties, {@code spark.hadoop.*} for the file systems); nothing is written.
 */
public final class Preflight {
  private final SparkConf sparkConf;
  private final Configuration hadoop;

  /** @param sparkConf the Spark properties the stage will start with */
  Preflight(SparkConf sparkConf) {
    this.sparkConf = sparkConf;
    this.hadoop = SparkHadoopUtil.get().newConfiguration(sparkConf);
  }

  /** A preflight from the Spark properties this JVM was started with. */
  public static Preflight fromSubmit() {
    return new Preflight(new SparkConf());
  }

  /** The file-system settings spark-submit passed ({@code spark.hadoop.*}), for work before Spark. */
  public Configuration hadoopConfiguration() {
    return hadoop;
  }

  /** Both IDX files exist, are image and label files of one size, and the images are 28×28. */
  public Preflight dataFiles(String imagesPath, String labelsPath) {
    new IdxReader(hadoop).checkHeaders(imagesPath, labelsPath, LeNet5.SIDE);
    return this;
  }

  /** The output path is a folder or does not exist yet. */
  public Preflight outputFolder(String outDir) {
    Outputs.requireDirectoryOrAbsent(hadoop, outDir);
    return this;
  }

  /** The output folder holds a run manifest: for stages that read what earlier stages wrote. */
  public Preflight runManifest(String outDir) {
    RunManifest.requireExisting(hadoop, outDir);
    return this;
  }

  /**
   * An engine the config asks for by name can run: {@code vector} needs the JDK's Vector API
   * module on the driver and, off local mode, {@code --add-modules jdk.incubator.vector} in the
   * executors' Java options. ({@code auto} always runs: it falls back to {@code scalar}.)
   *
   * @param key the config key that chose {@code kind}, for the message
   */
  public Preflight engine(String key, EngineKind kind) {
    if (kind != EngineKind.VECTOR) {
      return this;
    }
    String missing = Engines.vectorMissing();
    if (missing != null) {
      throw new AtlasException(
          "Cannot set " + key + " to vector: " + missing + "; use engine auto or scalar");
    }
    String master = sparkConf.get("spark.master", "local[*]");
    String executorOptions = sparkConf.get("spark.executor.extraJavaOptions", "");
    if (!master.startsWith("local") && !executorOptions.contains(Engines.VECTOR_MODULE)) {
      throw new AtlasException(
          "Cannot set " + key + " to vector on " + master + ": spark.executor.extraJavaOptions"
              + " lacks --add-modules " + Engines.VECTOR_MODULE
              + " (see jobs/*.properties); use engine auto or scalar");
    }
    return this;
  }

  /**
   * A lane engine named for {@code train.engine} trains every architecture of the grid ({@link
   * LaneStepper#trains}); {@code auto} gives the other variants to DL4J instead.
   *
   * @param key the config key that chose {@code kind}, for the message
   */
  public Preflight trainEngine(String key, EngineKind kind, List<Architecture> architectures) {
    if (kind == EngineKind.AUTO || kind == EngineKind.DL4J) {
      return this;
    }
    for (Architecture architecture : architectures) {
      if (!LaneStepper.trains(architecture)) {
        throw new AtlasException(
            "Cannot set " + key + " to " + kind + " for the grid's " + architecture + ": "
                + LaneStepper.TRAINS + "; use auto (DL4J trains the other variants) or dl4j");
      }
    }
    return this;
  }
}
