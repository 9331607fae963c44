package io.robustatlas.run;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.DataConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * How every stage that writes under a config begins, kept in one place so that no stage can open
 * its manifest before it has read its data: it reads the IDX data sets it needs (with the
 * configured limits, at LeNet-5's size) and opens its manifest with their fingerprints, so a folder
 * made from other data is refused before any work. The stage checks its upstream outputs before
 * this, and runs its work through {@link #manifest()}'s {@link RunManifest#record record}.
 */
public final class StageStart {
  /** The data sets of the {@code data} section, by the name the manifest records them under. */
  public enum DataSet {
    TRAIN(RunManifest.TRAIN_DATA),
    TEST(RunManifest.TEST_DATA);

    private final String manifestName;

    DataSet(String manifestName) {
      this.manifestName = manifestName;
    }

    private LabeledImages read(IdxReader reader, DataConfig data) {
      return this == TRAIN
          ? reader.read(data.trainImages(), data.trainLabels(), data.trainLimit(), LeNet5.SIDE)
          : reader.read(data.testImages(), data.testLabels(), data.testLimit(), LeNet5.SIDE);
    }
  }

  private final RunManifest manifest;
  private final Map<DataSet, LabeledImages> images;

  private StageStart(RunManifest manifest, Map<DataSet, LabeledImages> images) {
    this.manifest = manifest;
    this.images = images;
  }

  /**
   * Reads {@code read} in that order, then opens the manifest of {@code outDir} for {@code stage}
   * with their fingerprints ({@link RunManifest#open}). The order decides which problem is reported
   * when two sets have one: the first bad file, or the first set that differs from the recorded.
   *
   * @throws io.robustatlas.AtlasException (exit 2) for bad data or a folder made with another config
   *     or other data and not forced
   */
  public static StageStart open(
      Configuration hadoop,
      String outDir,
      AtlasConfig config,
      Stage stage,
      boolean force,
      DataSet... read) {
    IdxReader reader = new IdxReader(hadoop);
    Map<DataSet, LabeledImages> images = new EnumMap<>(DataSet.class);
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (DataSet set : read) {
      LabeledImages data = set.read(reader, config.data());
      images.put(set, data);
      fingerprints.put(set.manifestName, data.fingerprint());
    }
    return new StageStart(
        RunManifest.open(hadoop, outDir, config, stage, fingerprints, force), images);
  }

  /** The stage's manifest, opened. */
  public RunManifest manifest() {
    return manifest;
  }

  /** The training images, if the stage read them. */
  public LabeledImages train() {
    return images(DataSet.TRAIN);
  }

  /** The test images, if the stage read them. */
  public LabeledImages test() {
    return images(DataSet.TEST);
  }

  private LabeledImages images(DataSet set) {
    LabeledImages data = images.get(set);
    if (data == null) {
      throw new IllegalStateException("The stage did not read the " + set.manifestName + " data");
    }
    return data;
  }
}
