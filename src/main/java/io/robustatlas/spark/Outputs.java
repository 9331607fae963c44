package io.robustatlas.spark;

import io.robustatlas.AtlasException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes outputs so that a final name only ever holds complete data: write under a hidden
 * temporary name in the same folder, then rename. A crash leaves at most a hidden temp file, and a
 * retried or speculative task that finds its target already committed simply drops its copy.
 */
public final class Outputs {
  /** Hidden (Spark, Hadoop and pyarrow skip it) and recognisable as ours. */
  public static final String TEMP_PREFIX = "._tmp-";

  /** The finished Parquet file inside a staging folder, renamed to its target last. */
  private static final String READY = "ready.parquet";

  private Outputs() {}

  /** Writes {@code bytes} to {@code target} atomically; an existing target is kept as it is. */
  public static void writeOnce(Configuration conf, Path target, byte[] bytes) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    if (fs.exists(target)) {
      return;
    }
    Path temp = tempSibling(target);
    try (OutputStream out = fs.create(temp, false)) {
      out.write(bytes);
    }
    if (!fs.rename(temp, target)) {
      fs.delete(temp, false);
      if (!fs.exists(target)) {
        throw new IOException("Cannot rename " + temp + " to " + target);
      }
    }
  }

  /** Replaces {@code target} with {@code bytes}: written beside it first, then swapped in. */
  public static void replace(Configuration conf, Path target, byte[] bytes) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    fs.mkdirs(target.getParent());
    Path temp = tempSibling(target);
    try (OutputStream out = fs.create(temp, false)) {
      out.write(bytes);
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    rename(fs, temp, target);
  }

  /** Deletes the hidden temp files that crashed or killed writers left in {@code dir}. */
  public static int deleteLeftovers(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return 0;
    }
    FileStatus[] leftovers = fs.listStatus(dir, path -> path.getName().startsWith(TEMP_PREFIX));
    for (FileStatus leftover : leftovers) {
      fs.delete(leftover.getPath(), true);
    }
    return leftovers.length;
  }

  /**
   * {@link #deleteLeftovers} in {@code dir} and in every folder below it, at any depth: a stopped
   * attempt of a Spark write leaves its temp folder inside the table's folder (say {@code
   * meta/split.parquet/._tmp-...}), two levels below the run's folder.
   */
  public static int deleteLeftoversBelow(Configuration conf, Path dir) throws IOException {
    int deleted = deleteLeftovers(conf, dir);
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.exists(dir)) {
      for (FileStatus child : fs.listStatus(dir)) {
        if (child.isDirectory()) {
          deleted += deleteLeftoversBelow(conf, child.getPath());
        }
      }
    }
    return deleted;
  }

  /**
   * Writes a DataFrame as one Parquet file named {@code target} (a file, not a folder, so any
   * Parquet reader opens it), replacing an earlier version only once the new one is complete.
   */
  public static void writeSingleParquet(Dataset<Row> table, Configuration conf, Path target)
      throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path staging = stage(table, fs, target);
    Path ready = new Path(staging, READY);
    if (fs.exists(target)) {
      Path previous = tempSibling(target);
      rename(fs, target, previous);
      rename(fs, ready, target);
      fs.delete(previous, false);
    } else {
      rename(fs, ready, target);
    }
    fs.delete(staging, true);
  }

  /**
   * Writes a DataFrame as one new Parquet file named {@code target}, which must not exist: for
   * committed outputs that are never replaced.
   *
   * @throws IllegalStateException if {@code target} exists (a bug: the caller's names must be new)
   */
  public static void writeSingleParquetOnce(Dataset<Row> table, Configuration conf, Path target)
      throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    if (fs.exists(target)) {
      throw new IllegalStateException("Refusing to replace committed file " + target);
    }
    Path staging = stage(table, fs, target);
    if (fs.exists(target)) {
      fs.delete(staging, true);
      throw new IllegalStateException("Refusing to replace committed file " + target);
    }
    rename(fs, new Path(staging, READY), target);
    fs.delete(staging, true);
  }

  /** Refuses an output folder that is an existing file: one clear line, exit code 2. */
  public static void requireDirectoryOrAbsent(Configuration conf, String out) {
    try {
      Path path = new Path(out);
      FileSystem fs = path.getFileSystem(conf);
      if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
        throw new AtlasException("Output path " + out + " is an existing file, not a folder");
      }
    } catch (IOException e) {
      throw new AtlasException("Cannot check output path " + out + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code table} into a hidden staging folder beside {@code target} as {@link #READY}. */
  private static Path stage(Dataset<Row> table, FileSystem fs, Path target) throws IOException {
    Path staging = tempSibling(target);
    table.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
    rename(fs, singlePart(fs, staging), new Path(staging, READY));
    return staging;
  }

  static Path tempSibling(Path target) {
    return new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
  }

  private static Path singlePart(FileSystem fs, Path folder) throws IOException {
    for (FileStatus status : fs.listStatus(folder)) {
      String name = status.getPath().getName();
      if (name.startsWith("part-") && name.endsWith(".parquet")) {
        return status.getPath();
      }
    }
    throw new IOException("Spark wrote no Parquet part file into " + folder);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Cannot rename " + from + " to " + to);
    }
  }
}
