package io.robustatlas.robustness;

import io.robustatlas.AtlasException;
import io.robustatlas.model.ModelsTable;
import io.robustatlas.run.RunManifest;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A model the train stage kept: the unit of work (one Spark task) of the stages that read its
 * models (robustness, ensemble).
 */
public record KeptModel(String modelId, String modelPath) implements Serializable {

  /**
   * The kept models of {@code outDir}'s train stage, by id, checked to belong to this folder.
   *
   * @throws AtlasException (exit 2) when the folder has no finished train stage, or its models
   *     table comes from another run
   */
  public static List<KeptModel> readKept(SparkSession spark, String outDir, RunManifest manifest) {
    Path table = new Path(outDir, ModelsTable.FILE_NAME);
    if (!"done".equals(manifest.status("train")) || !exists(spark, table)) {
      throw new AtlasException(
          "No finished train stage in "
              + outDir
              + " (no models.parquet, or the manifest says train did not finish): run the train"
              + " stage into this --out first");
    }
    String trainData = manifest.dataFingerprint("train");
    String modelsDir = new Path(outDir, "models").toString();
    List<KeptModel> kept = new ArrayList<>();
    for (Row row :
        spark
            .read()
            .parquet(table.toString())
            .where("kept")
            .select("model_id", "model_path", "train_fingerprint")
            .collectAsList()) {
      KeptModel model = new KeptModel(row.getString(0), row.getString(1));
      if (!row.getString(2).equals(trainData) || !model.modelPath().startsWith(modelsDir)) {
        throw new AtlasException(
            table
                + " comes from another run: model "
                + model.modelId()
                + " at "
                + model.modelPath()
                + " was not trained by this folder's train stage");
      }
      kept.add(model);
    }
    kept.sort(Comparator.comparing(KeptModel::modelId));
    return kept;
  }

  private static boolean exists(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
