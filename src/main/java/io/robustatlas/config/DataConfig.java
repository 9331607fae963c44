package io.robustatlas.config;

import java.io.Serializable;
import java.util.List;

/**
 * Where the MNIST-format data lives (any Hadoop path: local, {@code hdfs://}, {@code s3a://}) and how
 * much of it to use. The defaults are the bundled 8,000/2,000 split in {@code data/mnist}.
 *
 * @param trainImages IDX image file (gzip or raw) used for training
 * @param trainLabels IDX label file matching {@code trainImages}
 * @param testImages IDX image file used for accuracy and robustness
 * @param testLabels IDX label file matching {@code testImages}
 * @param trainLimit use only the first N training images; 0 = all
 * @param testLimit use only the first N test images; 0 = all
 */
public record DataConfig(
    String trainImages,
    String trainLabels,
    String testImages,
    String testLabels,
    int trainLimit,
    int testLimit) implements Serializable {
  public static final String TRAIN_IMAGES = "data.train-images";
  public static final String TRAIN_IMAGES_DEFAULT = "data/mnist/train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS = "data.train-labels";
  public static final String TRAIN_LABELS_DEFAULT = "data/mnist/train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES = "data.test-images";
  public static final String TEST_IMAGES_DEFAULT = "data/mnist/t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS = "data.test-labels";
  public static final String TEST_LABELS_DEFAULT = "data/mnist/t10k-labels-idx1-ubyte.gz";
  public static final String TRAIN_LIMIT = "data.train-limit";
  public static final String TEST_LIMIT = "data.test-limit";
  public static final int LIMIT_DEFAULT = 0;

  static final List<String> KEYS =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS, TRAIN_LIMIT, TEST_LIMIT);

  /** The settings that change results: the limits, not the paths (fingerprints stand for data). */
  public String canonical() {
    return "DataConfig[trainLimit=" + trainLimit + ", testLimit=" + testLimit + "]";
  }

  static DataConfig read(ConfigReader reader) {
    String atLeastZero = "≥ 0 (0 = all images)";
    return new DataConfig(
        reader.pathValue(TRAIN_IMAGES, TRAIN_IMAGES_DEFAULT),
        reader.pathValue(TRAIN_LABELS, TRAIN_LABELS_DEFAULT),
        reader.pathValue(TEST_IMAGES, TEST_IMAGES_DEFAULT),
        reader.pathValue(TEST_LABELS, TEST_LABELS_DEFAULT),
        reader.intValue(TRAIN_LIMIT, LIMIT_DEFAULT, v -> v >= 0, atLeastZero),
        reader.intValue(TEST_LIMIT, LIMIT_DEFAULT, v -> v >= 0, atLeastZero));
  }
}
