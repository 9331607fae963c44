package io.robustatlas.robustness;

import io.robustatlas.AtlasException;
import io.robustatlas.model.ModelStore;
import io.robustatlas.model.ModelsTable;
import io.robustatlas.run.RunManifest;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A model the train stage kept: the unit of work (one Spark task) of the stages that read its
 * models (robustness, ensemble).
 *
 * @param modelPath the model zip's full path (resolved from the folder-relative path recorded)
 */
public record KeptModel(String modelId, String modelPath) implements Serializable {

  /**
   * Before anything is read or written: the train stage finished into {@code outDir}.
   *
   * @throws AtlasException (exit 2) when it did not
   */
  public static void requireFinishedTrainStage(Configuration hadoop, String outDir) {
    boolean finished =
        RunManifest.existing(hadoop, outDir)
            .map(manifest -> "done".equals(manifest.status("train")))
            .orElse(false);
    if (!finished || !exists(hadoop, new Path(outDir, ModelsTable.FILE_NAME))) {
      throw new AtlasException(
          "No finished train stage in "
              + outDir
              + " (no models.parquet, or the manifest says train did not finish): run the train"
              + " stage into this --out first");
    }
  }

  /**
   * The kept models of {@code outDir}'s train stage, by id, checked to belong to it: trained on
   * the data the folder records, their zips at {@code models/<model_id>.zip} inside the folder
   * (paths are relative, so a copied folder works).
   *
   * @throws AtlasException (exit 2) when the models table comes from another run
   */
  public static List<KeptModel> read(SparkSession spark, String outDir, RunManifest manifest) {
    Path table = new Path(outDir, ModelsTable.FILE_NAME);
    String trainData = manifest.dataFingerprint(RunManifest.TRAIN_DATA);
    ModelStore models = new ModelStore(outDir);
    List<KeptModel> kept = new ArrayList<>();
    for (Row row :
        spark.read().parquet(table.toString()).where("kept")
            .select("model_id", "model_path", "train_fingerprint").collectAsList()) {
      String modelId = row.getString(0);
      String path = row.getString(1);
      if (!row.getString(2).equals(trainData)
          || !ModelStore.relativeZipPath(modelId).equals(path)) {
        throw new AtlasException(
            table + " comes from another run: model " + modelId + " at " + path
                + " was not trained by this folder's train stage");
      }
      kept.add(new KeptModel(modelId, models.resolve(path)));
    }
    kept.sort(Comparator.comparing(KeptModel::modelId));
    return kept;
  }

  private static boolean exists(Configuration hadoop, Path path) {
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
