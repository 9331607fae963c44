package io.robustatlas.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.config.NoiseSetting;
import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.noise.NoiseKind;
import io.robustatlas.spark.HadoopConf;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.KnownNetworks;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

/**
 * One Spark task's work without Spark: a model zip on local disk, the test set in a plain {@link
 * Broadcast} (no SparkContext), real DL4J inference. The model predicts class 0 for every input,
 * so the selection, every pair row and the counts row are known exactly.
 */
class ModelProbeTest {
  private static final LabeledImages TEST = IdxFixtures.synthetic(200, 28, 28, 31);
  private static final RobustnessConfig SETTINGS =
      new RobustnessConfig(
          10, 10, List.of(gaussian(0.0, 0.9)), 20, false, false, EngineKind.DL4J, 256);

  /** Column positions in {@link PairsTable#schema}(false). */
  private static final int LABEL = 2;
  private static final int PREDICTED = 3;
  private static final int CORRECT = 4;
  private static final int NOISE = 5;
  private static final int LEVEL = 6;
  private static final int COPIES = 7;
  private static final int UNCHANGED = 8;
  private static final int RATIO = 9;
  private static final int MEAN_KL = 12;
  private static final int FLIP_COUNTS = 13;
  private static final int MAXPOOL2 = 14;
  private static final int LOGITS = 17;
  private static final int PROBS = 18;

  @TempDir Path dir;

  private static NoiseSetting gaussian(Double... sigmas) {
    return new NoiseSetting(NoiseKind.GAUSSIAN, List.of(sigmas));
  }

  private ModelProbe probe(RobustnessConfig settings) {
    return new ModelProbe(
        new LocalBroadcast<>(TEST), settings, 42, new HadoopConf(new Configuration()));
  }

  private String save(MultiLayerNetwork network, String name) throws IOException {
    File zip = dir.resolve(name + ".zip").toFile();
    ModelSerializer.writeModel(network, zip, false);
    return zip.getPath();
  }

  @Test
  void anAlwaysZeroModelGivesKnownPairsAndCounts() throws IOException {
    String path = save(KnownNetworks.alwaysPredicts(0), "zero");
    ProbeOutcome outcome = probe(SETTINGS).run(new KeptModel("zero", path));
    assertNull(outcome.error());

    // 20 images per class: class 0 fills its correct quota, classes 1..9 their wrong quota.
    assertEquals(100 * 2, outcome.pairs().size());
    Row counts = outcome.counts();
    assertEquals(
        List.of("zero", 10, 10), List.of(counts.get(0), counts.get(1), counts.get(2)));
    int[] correct = new int[LeNet5.CLASSES];
    correct[0] = 10;
    int[] wrong = new int[LeNet5.CLASSES];
    java.util.Arrays.fill(wrong, 1, LeNet5.CLASSES, 10);
    assertArrayEquals(correct, (int[]) counts.get(3));
    assertArrayEquals(wrong, (int[]) counts.get(4));
    assertEquals(List.of(100, 100, 200), List.of(counts.get(5), counts.get(6), counts.get(7)));

    for (Row row : outcome.pairs()) {
      assertEquals(PairsTable.schema(false).size(), row.size());
      int label = row.getInt(LABEL);
      assertEquals(0, row.getInt(PREDICTED));
      assertEquals(label == 0, row.getBoolean(CORRECT));
      assertEquals(20, row.getInt(COPIES));
      // Every activation is 0 and the logits are exactly the bias, noisy or not.
      assertEquals("gaussian", row.getString(NOISE));
      assertEquals(20, row.getInt(UNCHANGED), "σ " + row.getDouble(LEVEL));
      assertEquals(1.0, row.getDouble(RATIO), 0.0);
      assertEquals(0.0, row.getDouble(MEAN_KL), 0.0);
      assertEquals(20, ((int[]) row.get(FLIP_COUNTS))[0]);
      assertEquals(256, ((float[]) row.get(MAXPOOL2)).length);
      assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, (float[]) row.get(LOGITS), 0f);
      float[] probs = (float[]) row.get(PROBS);
      double e = Math.E;
      // softmax(1, 0 × 9): e / (e + 9) and 1 / (e + 9); float storage rounds at ~1e-7.
      assertEquals(e / (e + 9), probs[0], 1e-7);
      assertEquals(1 / (e + 9), probs[1], 1e-7);
    }
  }

  @Test
  void sigmaZeroRowsOfARandomModelAreUnchanged() throws IOException {
    String path = save(KnownNetworks.random(8, InitScheme.KAIMING), "random");
    RobustnessConfig settings =
        new RobustnessConfig(2, 2, List.of(gaussian(0.0)), 30, false, true, EngineKind.DL4J, 256);
    ProbeOutcome outcome = probe(settings).run(new KeptModel("random", path));
    assertNull(outcome.error());
    assertTrue(outcome.pairs().size() > 0, "some samples selected");
    for (Row row : outcome.pairs()) {
      assertEquals(PairsTable.schema(true).size(), row.size());
      assertEquals(30, row.getInt(UNCHANGED));
      // Clean logits come from batches of 500, noisy ones from batches of 30: float rounding only.
      assertTrue(row.getDouble(MEAN_KL) < 1e-6, "KL " + row.getDouble(MEAN_KL));
    }
  }

  @Test
  void aMissingZipIsAFailedOutcomeNotAnException() {
    String path = dir.resolve("absent.zip").toString();
    ProbeOutcome outcome = probe(SETTINGS).run(new KeptModel("absent", path));
    assertTrue(
        outcome.error().startsWith("cannot load model zip " + path + ": "), outcome.error());
    assertEquals(List.of(), outcome.pairs());
    assertNull(outcome.counts());
  }

  /** A broadcast that is just a local value: enough for code that only calls {@code value()}. */
  private static final class LocalBroadcast<T> extends Broadcast<T> {
    private static final long serialVersionUID = 1L;
    private final T value;

    @SuppressWarnings("unchecked")
    LocalBroadcast(T value) {
      super(0L, ClassTag$.MODULE$.apply((Class<T>) value.getClass()));
      this.value = value;
    }

    @Override
    public T getValue() {
      return value;
    }

    @Override
    public void doUnpersist(boolean blocking) {}

    @Override
    public void doDestroy(boolean blocking) {}
  }
}
