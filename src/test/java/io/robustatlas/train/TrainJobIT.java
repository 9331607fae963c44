package io.robustatlas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.Predictions;
import io.robustatlas.model.ModelStore;
import io.robustatlas.testing.Configs;
import io.robustatlas.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train stage on real Spark local[2] and real DL4J: 2 models, 1 epoch, a data slice. */
class TrainJobIT {
  private static SparkSession spark;

  @TempDir Path out;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.start("TrainJobIT");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void trainsTwoModelsWritesTableAndResumes() throws Exception {
    AtlasConfig config = Configs.twoModels();
    TrainResult first = new TrainJob(spark, new TrainOptions(config, out.toString())).run();
    assertEquals(2, first.trainedNow());

    List<Row> rows = spark.read().parquet(first.modelsTable()).collectAsList();
    assertEquals(2, rows.size());
    LabeledImages test = testData(config);
    for (Row row : rows) {
      double accuracy = row.getDouble(row.fieldIndex("test_accuracy"));
      // 1 epoch of Adam on 2,000 digits reaches ~85-90%; 50% would mean training is broken.
      assertTrue(accuracy > 0.5, "accuracy " + accuracy);
      assertFalse(row.getBoolean(row.fieldIndex("diverged")));
      String modelId = row.getString(row.fieldIndex("model_id"));
      String path = row.getString(row.fieldIndex("model_path"));
      assertEquals("models/" + modelId + ".zip", path, "relative to the output folder");
      MultiLayerNetwork net =
          ModelStore.load(new ModelStore(out.toString()).resolve(path), new Configuration());
      // The stage measured it on its training engine's predictor (train.engine auto); DL4J's
      // own inference may differ only where two logits tie within float rounding.
      double reloaded = Predictions.accuracy(Engines.predictor(EngineKind.AUTO, net, 1), test);
      assertEquals(accuracy, reloaded, 0.0, "a reloaded zip reproduces its recorded accuracy");
      double dl4j = Predictions.accuracy(Engines.predictor(EngineKind.DL4J, net, 1), test);
      assertEquals(accuracy, dl4j, 1.0 / test.count(), "DL4J's inference on the zip");
    }

    TrainResult second = new TrainJob(spark, new TrainOptions(config, out.toString())).run();
    assertEquals(0, second.trainedNow());
    assertEquals(2, second.alreadyDone());
    assertEquals(2, spark.read().parquet(second.modelsTable()).count());
  }

  private static LabeledImages testData(AtlasConfig config) {
    var data = config.data();
    return new IdxReader(new Configuration())
        .read(data.testImages(), data.testLabels(), data.testLimit());
  }
}
