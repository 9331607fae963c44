package io.robustatlas.data;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A set of grey-scale images with labels, kept as raw bytes (one byte per pixel, row-major) so a
 * 60,000-image training set is a 47 MB broadcast rather than 188 MB of floats. Pixels become floats
 * in [0, 1] (byte / 255) only when a batch is built.
 *
 * @param count number of images
 * @param rows image height
 * @param cols image width
 * @param pixels {@code count * rows * cols} bytes, image after image, row-major
 * @param labels {@code count} labels, each 0..9
 */
public record LabeledImages(int count, int rows, int cols, byte[] pixels, byte[] labels)
    implements Serializable {
  public static final int CLASSES = 10;

  /** Pixels per image. */
  public int imageSize() {
    return rows * cols;
  }

  public int label(int index) {
    return labels[index];
  }

  /** Copies image {@code index} as floats in [0, 1] into {@code out} at {@code offset}. */
  public void copyImage(int index, float[] out, int offset) {
    int size = imageSize();
    int base = index * size;
    for (int p = 0; p < size; p++) {
      out[offset + p] = (pixels[base + p] & 0xFF) / 255f;
    }
  }

  /** Image {@code index} as a new float array in [0, 1]. */
  public float[] image(int index) {
    float[] out = new float[imageSize()];
    copyImage(index, out, 0);
    return out;
  }

  /** The first {@code limit} images; 0 or a limit beyond the count keeps all. */
  public LabeledImages limit(int limit) {
    if (limit <= 0 || limit >= count) {
      return this;
    }
    return new LabeledImages(
        limit,
        rows,
        cols,
        Arrays.copyOf(pixels, limit * imageSize()),
        Arrays.copyOf(labels, limit));
  }

  /**
   * SHA-256 of the shape, pixels and labels: part of every model id, so models trained on other
   * data never count as finished.
   */
  public String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(ByteBuffer.allocate(12).putInt(count).putInt(rows).putInt(cols).array());
      digest.update(pixels);
      digest.update(labels);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabeledImages that
        && count == that.count
        && rows == that.rows
        && cols == that.cols
        && Arrays.equals(pixels, that.pixels)
        && Arrays.equals(labels, that.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(pixels) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "LabeledImages[" + count + " images of " + rows + "x" + cols + "]";
  }
}
