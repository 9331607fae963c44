package io.robustatlas.robustness;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.robustatlas.spark.Outputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The stage's two output folders and their commit protocol. A group of models is committed by
 * writing its pairs file, then its counts file under the same name: the counts file is the commit
 * point. A pairs file without its counts file is the leftover of a crash and is deleted before a
 * rerun, so no pair is ever written twice; a committed file is never replaced or deleted.
 */
final class PairsStore {
  private final SparkSession spark;
  private final Configuration conf;
  private final Path pairsDir;
  private final Path countsDir;

  PairsStore(SparkSession spark, String outDir) {
    this.spark = spark;
    this.conf = spark.sparkContext().hadoopConfiguration();
    this.pairsDir = new Path(outDir, PairsTable.DIR_NAME);
    this.countsDir = new Path(outDir, PairCountsTable.DIR_NAME);
  }

  String pairsDir() {
    return pairsDir.toString();
  }

  /** Deletes uncommitted pairs files and staging folders left by a crashed run. */
  void recover() throws IOException {
    Set<String> committed = partNames(countsDir);
    FileSystem fs = pairsDir.getFileSystem(conf);
    for (Path dir : new Path[] {pairsDir, countsDir}) {
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        boolean orphan = dir.equals(pairsDir) && isPart(name) && !committed.contains(name);
        if (orphan || name.startsWith(Outputs.TEMP_PREFIX)) {
          fs.delete(status.getPath(), true);
        }
      }
    }
  }

  /** Ids of models whose pairs are committed. */
  Set<String> committedModels() {
    Set<String> ids = new HashSet<>();
    if (!hasParts(countsDir)) {
      return ids;
    }
    for (Row row : spark.read().parquet(countsDir.toString()).select("model_id").collectAsList()) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  /**
   * Commits one group: pairs first, then counts (the commit point), both as new files that are
   * never replaced. The file name is derived from the group's content (a hash of its sorted model
   * ids), so a rerun can never produce a group of the same name as a committed one: its models
   * are all uncommitted, and a committed group's are not.
   *
   * @param pairs rows of {@link PairsTable#schema}
   * @param counts rows of {@link PairCountsTable#SCHEMA}, one per model of the group
   */
  void commit(List<Row> pairs, List<Row> counts, boolean allLayers) throws IOException {
    List<Row> sortedCounts = new ArrayList<>(counts);
    sortedCounts.sort(Comparator.comparing(row -> row.getString(0)));
    String file = fileName(sortedCounts.stream().map(row -> row.getString(0)).toList());
    Dataset<Row> pairsTable =
        spark.createDataFrame(pairs, PairsTable.schema(allLayers))
            .coalesce(1)
            .sortWithinPartitions("model_id", "sample_index", "noise", "level");
    Outputs.writeSingleParquetOnce(pairsTable, conf, new Path(pairsDir, file));
    Dataset<Row> countsTable = spark.createDataFrame(sortedCounts, PairCountsTable.SCHEMA);
    Outputs.writeSingleParquetOnce(countsTable, conf, new Path(countsDir, file));
  }

  /** {@code part-<first 16 hex digits of SHA-256 of the sorted ids, comma-joined>.parquet}. */
  static String fileName(List<String> sortedModelIds) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join(",", sortedModelIds).getBytes(StandardCharsets.UTF_8));
      return "part-" + HexFormat.of().formatHex(hash, 0, 8) + ".parquet";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** Mean ratios of the committed pairs per noise kind and level, in that order. */
  List<LevelRatios> meanRatios() {
    if (!hasParts(pairsDir)) {
      return List.of();
    }
    List<LevelRatios> means = new ArrayList<>();
    for (Row row : meanRatiosBy("noise", "level").orderBy("noise", "level").collectAsList()) {
      means.add(
          new LevelRatios(
              row.getString(0), row.getDouble(1), orNaN(row, 2), orNaN(row, 3)));
    }
    return means;
  }

  /** Per committed model and noise level, its mean ratio on correct and on wrong pairs. */
  Map<String, Map<Ablation.Level, Ablation.Ratios>> modelRatios() {
    Map<String, Map<Ablation.Level, Ablation.Ratios>> ratios = new HashMap<>();
    if (!hasParts(pairsDir)) {
      return ratios;
    }
    for (Row row : meanRatiosBy("model_id", "noise", "level").collectAsList()) {
      ratios
          .computeIfAbsent(row.getString(0), id -> new HashMap<>())
          .put(
              new Ablation.Level(row.getString(1), row.getDouble(2)),
              new Ablation.Ratios(orNaN(row, 3), orNaN(row, 4)));
    }
    return ratios;
  }

  /** The committed pairs grouped by {@code keys}: the keys, mean correct and wrong ratio. */
  private Dataset<Row> meanRatiosBy(String... keys) {
    return spark.read().parquet(pairsDir.toString())
        .groupBy(Arrays.stream(keys).map(functions::col).toArray(Column[]::new))
        .agg(
            avg(when(col("correct"), col("ratio"))),
            avg(when(not(col("correct")), col("ratio"))));
  }

  private static double orNaN(Row row, int column) {
    return row.isNullAt(column) ? Double.NaN : row.getDouble(column);
  }

  private boolean hasParts(Path dir) {
    try {
      return !partNames(dir).isEmpty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Set<String> partNames(Path dir) throws IOException {
    Set<String> names = new HashSet<>();
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.exists(dir)) {
      for (FileStatus status : fs.listStatus(dir)) {
        if (isPart(status.getPath().getName())) {
          names.add(status.getPath().getName());
        }
      }
    }
    return names;
  }

  private static boolean isPart(String name) {
    return name.startsWith("part-") && name.endsWith(".parquet");
  }
}
