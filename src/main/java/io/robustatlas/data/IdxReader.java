package io.robustatlas.data;

import io.robustatlas.AtlasException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads an MNIST-format pair of IDX files (images: magic 0x00000803; labels: 0x00000801), gzip or
 * raw, from any Hadoop path, and checks everything a corrupt, truncated or mismatched file could
 * get wrong. Every failure is one line naming the file and the problem (exit code 2).
 */
public final class IdxReader {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  private static final int MAX_SIDE = 4096;
  // The largest byte array a JVM will allocate; a header asking for more is corrupt.
  private static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

  private final Configuration hadoopConf;

  public IdxReader(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /**
   * Reads and cross-checks an image file and its label file, keeping the first {@code limit}, and
   * requires images of {@code side} × {@code side} pixels.
   */
  public LabeledImages read(String imagesPath, String labelsPath, int limit, int side) {
    LabeledImages data = read(imagesPath, labelsPath, limit);
    requireSide(imagesPath, data.rows(), data.cols(), side);
    return data;
  }

  /**
   * Checks what the headers alone can tell, in milliseconds and before any Spark work: both files
   * exist and are IDX files of the right kind, hold the same number of items, and the images are
   * {@code side} × {@code side}. The bodies are checked when the data are read.
   */
  public void checkHeaders(String imagesPath, String labelsPath, int side) {
    int[] images = withStream(imagesPath, in -> readImagesHeader(imagesPath, in));
    int labels = withStream(labelsPath, in -> readLabelsHeader(labelsPath, in));
    requireSide(imagesPath, images[1], images[2], side);
    requireSameCount(imagesPath, images[0], labelsPath, labels);
  }

  /** Reads and cross-checks an image file and its label file, keeping the first {@code limit}. */
  public LabeledImages read(String imagesPath, String labelsPath, int limit) {
    Images images = withStream(imagesPath, in -> readImages(imagesPath, in));
    byte[] labels = withStream(labelsPath, in -> readLabels(labelsPath, in));
    requireSameCount(imagesPath, images.count(), labelsPath, labels.length);
    return new LabeledImages(images.count(), images.rows(), images.cols(), images.pixels(), labels)
        .limit(limit);
  }

  private static void requireSameCount(
      String imagesPath, int images, String labelsPath, int labels) {
    if (labels != images) {
      throw new AtlasException(
          "Data files disagree: " + imagesPath + " holds " + images + " images but " + labelsPath
              + " holds " + labels + " labels");
    }
  }

  private static void requireSide(String path, int rows, int cols, int side) {
    if (rows != side || cols != side) {
      throw new AtlasException(
          "Data file " + path + " holds " + rows + "x" + cols + " images: the network needs "
              + side + "x" + side);
    }
  }

  private record Images(int count, int rows, int cols, byte[] pixels) {}

  private interface Parser<T> {
    T parse(DataInputStream in) throws IOException;
  }

  private <T> T withStream(String path, Parser<T> parser) {
    Path hadoopPath = new Path(path);
    try (InputStream raw = hadoopPath.getFileSystem(hadoopConf).open(hadoopPath);
        DataInputStream in = new DataInputStream(maybeGunzip(new BufferedInputStream(raw)))) {
      return parser.parse(in);
    } catch (FileNotFoundException e) {
      throw new AtlasException("Data file " + path + " does not exist");
    } catch (EOFException e) {
      throw new AtlasException("Data file " + path + " is truncated: it ends before its header says");
    } catch (ZipException e) {
      throw new AtlasException("Data file " + path + " is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw new AtlasException("Cannot read data file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Gzip is recognised by its magic bytes, so a raw IDX file named {@code .gz} still reads. */
  private static InputStream maybeGunzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    boolean gzip = first == 0x1f && second == 0x8b;
    return gzip ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** count, rows, cols: the header of an image file, checked. */
  private static int[] readImagesHeader(String path, DataInputStream in) throws IOException {
    expectMagic(path, in.readInt(), IMAGES_MAGIC, "an IDX image file");
    int count = in.readInt();
    int rows = in.readInt();
    int cols = in.readInt();
    if (count <= 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE
        || (long) count * rows * cols > MAX_PIXELS) {
      throw new AtlasException(
          "Data file " + path + " has an impossible shape " + count + "x" + rows + "x" + cols);
    }
    return new int[] {count, rows, cols};
  }

  private static int readLabelsHeader(String path, DataInputStream in) throws IOException {
    expectMagic(path, in.readInt(), LABELS_MAGIC, "an IDX label file");
    int count = in.readInt();
    if (count <= 0) {
      throw new AtlasException("Data file " + path + " has an impossible label count " + count);
    }
    return count;
  }

  private static Images readImages(String path, DataInputStream in) throws IOException {
    int[] header = readImagesHeader(path, in);
    int count = header[0];
    int rows = header[1];
    int cols = header[2];
    byte[] pixels = new byte[count * rows * cols];
    readBody(path, in, pixels, count + " images of " + rows + "x" + cols);
    return new Images(count, rows, cols, pixels);
  }

  private static byte[] readLabels(String path, DataInputStream in) throws IOException {
    int count = readLabelsHeader(path, in);
    byte[] labels = new byte[count];
    readBody(path, in, labels, count + " labels");
    for (int i = 0; i < count; i++) {
      if (labels[i] < 0 || labels[i] >= LabeledImages.CLASSES) {
        throw new AtlasException(
            "Data file " + path + " has label " + (labels[i] & 0xFF) + " at index " + i
                + ", outside 0..9");
      }
    }
    return labels;
  }

  private static void expectMagic(String path, int magic, int expected, String kind) {
    if (magic != expected) {
      throw new AtlasException(
          String.format(
              "Data file %s is not %s: magic number 0x%08X, expected 0x%08X",
              path, kind, magic, expected));
    }
  }

  private static void readBody(String path, DataInputStream in, byte[] body, String what)
      throws IOException {
    int read = in.readNBytes(body, 0, body.length);
    if (read < body.length) {
      throw new AtlasException(
          "Data file " + path + " is truncated: header promises " + what + " (" + body.length
              + " bytes) but only " + read + " follow");
    }
    if (in.read() != -1) {
      throw new AtlasException(
          "Data file " + path + " has unexpected bytes after the " + what + " its header promises");
    }
  }
}
