package io.robustatlas.testing;

import io.robustatlas.data.LabeledImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small MNIST-format IDX files for tests, well-formed or deliberately broken, and makes
 * small synthetic datasets from a seed. The one shared fixture generator: tests of the reader, the
 * train stage and the robustness stage all build their data here instead of copying bytes around.
 *
 * <p>Typical use: {@code IdxFiles files = IdxFixtures.write(dir, IdxFixtures.synthetic(20, 28, 28,
 * 1), Compression.GZIP)}, then read {@code files.imagesPath()} and {@code files.labelsPath()}.
 */
public final class IdxFixtures {
  /** Magic number of an IDX image file (unsigned bytes, 3 dimensions). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX label file (unsigned bytes, 1 dimension). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** Bytes appended by {@link Corruption#TRAILING_BYTES}. */
  public static final int TRAILING_BYTE_COUNT = 7;

  private IdxFixtures() {}

  /** How the bytes are stored on disk. The reader must recognise either from the content alone. */
  public enum Compression {
    RAW,
    GZIP
  }

  /** Ways to break a file that is otherwise written from good data. */
  public enum Corruption {
    /** The other kind's magic number: labels magic in an image file and vice versa. */
    BAD_MAGIC,
    /** The file on disk ends halfway: mid-body for raw, mid-stream for gzip (a cut download). */
    TRUNCATED,
    /** {@value #TRAILING_BYTE_COUNT} extra bytes after the body the header promises. */
    TRAILING_BYTES
  }

  /** An image file and its label file. */
  public record IdxFiles(Path images, Path labels) {
    public String imagesPath() {
      return images.toString();
    }

    public String labelsPath() {
      return labels.toString();
    }
  }

  /**
   * A deterministic dataset: the same arguments give the same bytes on every JVM. Pixels are
   * uniform bytes, labels cycle through 0..9 in a seeded order so every class appears.
   */
  public static LabeledImages synthetic(int count, int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[count * rows * cols];
    random.nextBytes(pixels);
    byte[] labels = new byte[count];
    int offset = random.nextInt(LabeledImages.CLASSES);
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) ((offset + i) % LabeledImages.CLASSES);
    }
    return new LabeledImages(count, rows, cols, pixels, labels);
  }

  /**
   * Writes {@code data} as {@code images-idx3-ubyte} and {@code labels-idx1-ubyte} in {@code dir},
   * with a {@code .gz} suffix when gzipped.
   */
  public static IdxFiles write(Path dir, LabeledImages data, Compression compression) {
    String suffix = compression == Compression.GZIP ? ".gz" : "";
    return new IdxFiles(
        writeImages(dir.resolve("images-idx3-ubyte" + suffix), data, compression),
        writeLabels(dir.resolve("labels-idx1-ubyte" + suffix), data.labels(), compression));
  }

  /** Writes the images of {@code data} to {@code file}, broken in the given ways. */
  public static Path writeImages(
      Path file, LabeledImages data, Compression compression, Corruption... corruptions) {
    int[] dims = {data.count(), data.rows(), data.cols()};
    byte[] pixels = data.pixels();
    return writeIdx(file, IMAGES_MAGIC, LABELS_MAGIC, dims, pixels, compression, corruptions);
  }

  /** Writes {@code labels} to {@code file}; any byte values, so bad labels can be tested. */
  public static Path writeLabels(
      Path file, byte[] labels, Compression compression, Corruption... corruptions) {
    int[] dims = {labels.length};
    return writeIdx(file, LABELS_MAGIC, IMAGES_MAGIC, dims, labels, compression, corruptions);
  }

  /**
   * Writes any IDX file: big-endian {@code magic}, then each of {@code dims}, then {@code body}
   * as is. For headers the other methods cannot produce, such as an impossible shape.
   */
  public static Path writeIdx(
      Path file, int magic, int[] dims, byte[] body, Compression compression) {
    ByteBuffer header = ByteBuffer.allocate(4 * (dims.length + 1)).putInt(magic);
    Arrays.stream(dims).forEach(header::putInt);
    byte[] bytes = concat(header.array(), body);
    return store(file, compression == Compression.GZIP ? gzip(bytes) : bytes);
  }

  private static Path writeIdx(
      Path file,
      int magic,
      int wrongMagic,
      int[] dims,
      byte[] body,
      Compression compression,
      Corruption... corruptions) {
    EnumSet<Corruption> broken = EnumSet.noneOf(Corruption.class);
    broken.addAll(Arrays.asList(corruptions));
    byte[] content =
        broken.contains(Corruption.TRAILING_BYTES)
            ? Arrays.copyOf(body, body.length + TRAILING_BYTE_COUNT)
            : body;
    int writtenMagic = broken.contains(Corruption.BAD_MAGIC) ? wrongMagic : magic;
    writeIdx(file, writtenMagic, dims, content, compression);
    if (broken.contains(Corruption.TRUNCATED)) {
      byte[] whole = read(file);
      int headerBytes = 4 * (dims.length + 1);
      // Raw: keep the header so the reader gets as far as the body; gzip: cut the stream itself.
      int keep = compression == Compression.GZIP ? whole.length / 2 : headerBytes + body.length / 2;
      store(file, Arrays.copyOf(whole, keep));
    }
    return file;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path store(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
