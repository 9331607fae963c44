package io.robustatlas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The write-once commit protocol of a stage that writes its results per group of models into two
 * folders of Parquet files: a data folder (the large rows) and a commit folder (one small row per
 * model, {@code model_id} first). A group is committed by writing its data file, then its commit
 * file under the same name: the commit file is the commit point. A data file without its commit
 * file is the leftover of a crash and is deleted before a rerun, so no row is ever written twice;
 * a committed file is never replaced or deleted. Used by the robustness stage (pairs, counts) and
 * the explain stage (pairs, kernels).
 */
public final class GroupCommits {
  private final SparkSession spark;
  private final Configuration conf;
  private final Path dataDir;
  private final Path commitDir;

  public GroupCommits(SparkSession spark, Path dataDir, Path commitDir) {
    this.spark = spark;
    this.conf = spark.sparkContext().hadoopConfiguration();
    this.dataDir = dataDir;
    this.commitDir = commitDir;
  }

  /** Deletes uncommitted data files and staging folders left by a crashed run. */
  public void recover() throws IOException {
    Set<String> committed = partNames(commitDir);
    FileSystem fs = dataDir.getFileSystem(conf);
    for (Path dir : new Path[] {dataDir, commitDir}) {
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        boolean orphan = dir.equals(dataDir) && isPart(name) && !committed.contains(name);
        if (orphan || name.startsWith(Outputs.TEMP_PREFIX)) {
          fs.delete(status.getPath(), true);
        }
      }
    }
  }

  /** Ids of the models whose group is committed. */
  public Set<String> committedModels() {
    Set<String> ids = new HashSet<>();
    if (!hasParts(commitDir)) {
      return ids;
    }
    for (Row row : spark.read().parquet(commitDir.toString()).select("model_id").collectAsList()) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  /**
   * Commits one group: data first, then the commit rows (the commit point), both as new files
   * that are never replaced. The file name is derived from the group's content (a hash of its
   * sorted model ids), so a rerun can never produce a group of the same name as a committed one:
   * its models are all uncommitted, and a committed group's are not.
   */
  public void commit(Dataset<Row> data, Dataset<Row> commits, List<String> sortedModelIds)
      throws IOException {
    String file = fileName(sortedModelIds);
    Outputs.writeSingleParquetOnce(data, conf, new Path(dataDir, file));
    Outputs.writeSingleParquetOnce(commits, conf, new Path(commitDir, file));
  }

  /** {@code part-<first 16 hex digits of SHA-256 of the sorted ids, comma-joined>.parquet}. */
  public static String fileName(List<String> sortedModelIds) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join(",", sortedModelIds).getBytes(StandardCharsets.UTF_8));
      return "part-" + HexFormat.of().formatHex(hash, 0, 8) + ".parquet";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** Whether {@code dir} holds a committed-looking Parquet part file. */
  public boolean hasParts(Path dir) {
    try {
      return !partNames(dir).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
