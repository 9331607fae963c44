package io.robustatlas.data;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.robustatlas.AtlasException;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.IdxFixtures.Compression;
import io.robustatlas.testing.IdxFixtures.Corruption;
import io.robustatlas.testing.IdxFixtures.IdxFiles;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading IDX pairs: good files in both encodings, and one clear message per kind of damage. */
class IdxReaderTest {
  // 12 images of 5x3: non-square, so a rows/cols mix-up shows.
  private static final LabeledImages DATA = IdxFixtures.synthetic(12, 5, 3, 42);

  @TempDir Path dir;

  private final IdxReader reader = new IdxReader(new Configuration());

  private LabeledImages read(IdxFiles files, int limit) {
    return reader.read(files.imagesPath(), files.labelsPath(), limit);
  }

  /** Writes {@link #DATA} into a new subfolder and reads it back. */
  private LabeledImages readFresh(String folder, Compression compression) {
    return read(IdxFixtures.write(dir.resolve(folder), DATA, compression), 0);
  }

  /** Good labels next to an image file broken in the given way. */
  private IdxFiles brokenImages(Compression compression, Corruption corruption) {
    IdxFiles good = IdxFixtures.write(dir, DATA, compression);
    IdxFixtures.writeImages(good.images(), DATA, compression, corruption);
    return good;
  }

  /** Good images next to a label file holding {@code labels}, broken in the given ways. */
  private IdxFiles withLabels(byte[] labels, Corruption... corruptions) {
    IdxFiles good = IdxFixtures.write(dir, DATA, Compression.RAW);
    IdxFixtures.writeLabels(good.labels(), labels, Compression.RAW, corruptions);
    return good;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void readsWhatWasWritten(Compression compression) {
    LabeledImages read = readFresh("good", compression);
    assertEquals(DATA, read);
    assertEquals(12, read.count());
    assertEquals(5, read.rows());
    assertEquals(3, read.cols());
  }

  @Test
  void detectsGzipByMagicBytesNotByName() {
    IdxFiles misnamed =
        new IdxFiles(
            IdxFixtures.writeImages(dir.resolve("images.raw"), DATA, Compression.GZIP),
            IdxFixtures.writeLabels(dir.resolve("labels.gz"), DATA.labels(), Compression.RAW));
    assertEquals(DATA, read(misnamed, 0));
  }

  @Test
  void limitKeepsTheFirstImagesAndZeroOrTooManyKeepAll() {
    IdxFiles files = IdxFixtures.write(dir, DATA, Compression.GZIP);
    LabeledImages first5 = read(files, 5);
    assertEquals(5, first5.count());
    assertArrayEquals(DATA.image(4), first5.image(4), 0f);
    assertEquals(DATA.label(4), first5.label(4));
    assertEquals(DATA, read(files, 0));
    assertEquals(DATA, read(files, 1000));
  }

  @Test
  void fingerprintDependsOnContentOnly() {
    String raw = readFresh("raw", Compression.RAW).fingerprint();
    String gz = readFresh("gz", Compression.GZIP).fingerprint();
    assertEquals(raw, gz, "same content, other encoding");
    assertEquals(raw, IdxFixtures.synthetic(12, 5, 3, 42).fingerprint(), "same seed, same data");
    assertEquals(64, raw.length(), "hex SHA-256");

    byte[] labels = DATA.labels().clone();
    labels[0] = (byte) ((labels[0] + 1) % 10);
    LabeledImages relabelled = new LabeledImages(12, 5, 3, DATA.pixels(), labels);
    LabeledImages reshaped = new LabeledImages(12, 3, 5, DATA.pixels(), DATA.labels());
    assertNotEquals(raw, relabelled.fingerprint());
    assertNotEquals(raw, reshaped.fingerprint());
    assertNotEquals(raw, DATA.limit(11).fingerprint());
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void rejectsImageFileWithLabelMagic(Compression compression) {
    IdxFiles files = brokenImages(compression, Corruption.BAD_MAGIC);
    assertEquals(
        "Data file " + files.imagesPath()
            + " is not an IDX image file: magic number 0x00000801, expected 0x00000803",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @Test
  void rejectsLabelFileWithImageMagic() {
    IdxFiles files = withLabels(DATA.labels(), Corruption.BAD_MAGIC);
    assertEquals(
        "Data file " + files.labelsPath()
            + " is not an IDX label file: magic number 0x00000803, expected 0x00000801",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @Test
  void rejectsTruncatedRawImages() {
    IdxFiles files = brokenImages(Compression.RAW, Corruption.TRUNCATED);
    assertEquals(
        "Data file " + files.imagesPath()
            + " is truncated: header promises 12 images of 5x3 (180 bytes) but only 90 follow",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @Test
  void rejectsTruncatedGzipImages() {
    IdxFiles files = brokenImages(Compression.GZIP, Corruption.TRUNCATED);
    assertEquals(
        "Data file " + files.imagesPath() + " is truncated: it ends before its header says",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void rejectsTrailingBytes(Compression compression) {
    IdxFiles files = brokenImages(compression, Corruption.TRAILING_BYTES);
    assertEquals(
        "Data file " + files.imagesPath()
            + " has unexpected bytes after the 12 images of 5x3 its header promises",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @Test
  void rejectsFewerLabelsThanImages() {
    IdxFiles files = withLabels(DATA.limit(11).labels());
    assertEquals(
        "Data files disagree: " + files.imagesPath() + " holds 12 images but "
            + files.labelsPath() + " holds 11 labels",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @Test
  void rejectsLabelOutsideZeroToNine() {
    byte[] labels = DATA.labels().clone();
    labels[3] = 10;
    IdxFiles files = withLabels(labels);
    assertEquals(
        "Data file " + files.labelsPath() + " has label 10 at index 3, outside 0..9",
        assertBadInput(AtlasException.class, () -> read(files, 0)));

    labels[3] = (byte) 200; // negative as a Java byte: must not slip through a signed check
    IdxFixtures.writeLabels(files.labels(), labels, Compression.RAW);
    assertEquals(
        "Data file " + files.labelsPath() + " has label 200 at index 3, outside 0..9",
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }

  @Test
  void rejectsMissingFile() {
    IdxFiles files = IdxFixtures.write(dir, DATA, Compression.RAW);
    String missing = dir.resolve("no-such-labels.gz").toString();
    assertEquals(
        "Data file " + missing + " does not exist",
        assertBadInput(AtlasException.class, () -> reader.read(files.imagesPath(), missing, 0)));
  }

  @Test
  void rejectsImpossibleShapes() {
    assertShapeRejected(0, 28, 28, "0x28x28");
    assertShapeRejected(10, -1, 28, "10x-1x28");
    assertShapeRejected(10, 28, 5000, "10x28x5000");
    // Fits each per-side bound, but the pixel count overflows an int: still a shape error.
    assertShapeRejected(1_000_000, 4096, 4096, "1000000x4096x4096");
  }

  private void assertShapeRejected(int count, int rows, int cols, String shape) {
    Path images =
        IdxFixtures.writeIdx(
            dir.resolve("shape"), IdxFixtures.IMAGES_MAGIC, new int[] {count, rows, cols},
            new byte[0], Compression.RAW);
    IdxFiles files = new IdxFiles(images, IdxFixtures.write(dir, DATA, Compression.RAW).labels());
    assertEquals(
        "Data file " + files.imagesPath() + " has an impossible shape " + shape,
        assertBadInput(AtlasException.class, () -> read(files, 0)));
  }
}
