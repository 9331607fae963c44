package io.robustatlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.spark.Outputs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a pipeline run left in its output folder, in a form two runs can be compared by: every row
 * of every table as text (doubles and floats print exactly), sorted, minus the columns that
 * legitimately differ between runs (training time, the folder in each model's path).
 *
 * @param models rows of {@code models.parquet}
 * @param pairs rows of {@code pairs.parquet}
 * @param counts rows of {@code pair-counts.parquet}
 * @param zips model zips in {@code models/}
 */
record RunOutputs(List<String> models, List<String> pairs, List<String> counts, int zips) {

  /** Reads {@code out} after checking it holds no partial or duplicate output. */
  static RunOutputs read(SparkSession spark, Path out) {
    assertNoPartialFiles(out);
    int zips = assertZipsComplete(out.resolve("models"));
    Dataset<Row> pairs = spark.read().parquet(out.resolve("pairs.parquet").toString());
    long distinctPairs =
        pairs.select("model_id", "sample_index", "noise", "level").distinct().count();
    assertEquals(pairs.count(), distinctPairs, "no pair written twice in " + out);
    return new RunOutputs(
        rows(spark.read().parquet(out.resolve("models.parquet").toString())
            .drop("train_seconds", "model_path")),
        rows(pairs),
        rows(spark.read().parquet(out.resolve("pair-counts.parquet").toString())),
        zips);
  }

  /** Asserts this run wrote exactly what {@code expected} wrote, naming the table that differs. */
  void assertSameAs(RunOutputs expected, String what) {
    assertEquals(expected.zips, zips, what + ": model zips");
    assertEquals(expected.models, models, what + ": models.parquet");
    assertEquals(expected.counts, counts, what + ": pair-counts.parquet");
    assertEquals(expected.pairs.size(), pairs.size(), what + ": pairs.parquet rows");
    assertEquals(expected.pairs, pairs, what + ": pairs.parquet");
  }

  String summary() {
    return models.size() + " models, " + zips + " zips, " + pairs.size() + " pairs";
  }

  private static List<String> rows(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** No temp file of ours, no Spark/Hadoop staging folder anywhere in the output folder. */
  private static void assertNoPartialFiles(Path out) {
    try (Stream<Path> files = Files.walk(out)) {
      List<Path> partial =
          files
              .filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(Outputs.TEMP_PREFIX) || name.startsWith("_temporary");
              })
              .toList();
      assertTrue(partial.isEmpty(), "partial outputs left in " + out + ": " + partial);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads every entry of every zip (checking its CRC); each zip has its JSON record. */
  private static int assertZipsComplete(Path models) {
    File[] zips = models.toFile().listFiles((dir, name) -> name.endsWith(".zip"));
    for (File zip : zips) {
      String id = zip.getName().replace(".zip", "");
      assertTrue(Files.exists(models.resolve(id + ".json")), "record of " + zip);
      try (ZipFile file = new ZipFile(zip)) {
        Enumeration<? extends ZipEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          try (InputStream in = file.getInputStream(entries.nextElement())) {
            in.transferTo(OutputStream.nullOutputStream());
          }
        }
      } catch (IOException e) {
        throw new AssertionError("model zip " + zip + " is damaged: " + e, e);
      }
    }
    return zips.length;
  }
}
