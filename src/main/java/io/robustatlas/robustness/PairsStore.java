package io.robustatlas.robustness;

import io.robustatlas.spark.Outputs;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The stage's two output folders and their commit protocol. A group of models is committed by
 * writing its pairs file, then its counts file under the same name: the counts file is the commit
 * point. A pairs file without its counts file is the leftover of a crash and is deleted before a
 * rerun, so no pair is ever written twice.
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

  /** Commits one group: pairs first, then counts (the commit point). */
  void commit(String groupName, Dataset<Row> pairs, Dataset<Row> counts) throws IOException {
    String file = "part-" + groupName + ".parquet";
    Outputs.writeSingleParquet(pairs, conf, new Path(pairsDir, file));
    Outputs.writeSingleParquet(counts, conf, new Path(countsDir, file));
  }

  /** Mean ratio of committed pairs with {@code correct} = true and = false, for the summary. */
  double[] meanRatios() {
    if (!hasParts(pairsDir)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Dataset<Row> pairs = spark.read().parquet(pairsDir.toString());
    double[] means = {Double.NaN, Double.NaN};
    for (Row row : pairs.groupBy("correct").avg("ratio").collectAsList()) {
      means[row.getBoolean(0) ? 0 : 1] = row.getDouble(1);
    }
    return means;
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
