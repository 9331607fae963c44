package io.robustatlas.meta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustatlas.AtlasException;
import io.robustatlas.spark.Outputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The stage's outputs under {@code <out>/meta} and their commit protocol. A cell is committed by
 * writing its network zip, then its predictions file, then its metrics file, all named after the
 * cell: the metrics file is the commit point. Files of a cell without a metrics file are the
 * leftovers of a crash and are deleted before a rerun. The split is written once per protocol and
 * every rerun must derive the same one, so all cells of a folder share their splits.
 */
final class MetaStore {
  static final String DIR_NAME = "meta";

  private final SparkSession spark;
  private final Configuration conf;
  private final Path metaDir;
  private final Path splitDir;
  private final Path scalingDir;
  private final Path metricsDir;
  private final Path predictionsDir;
  private final Path networksDir;

  MetaStore(SparkSession spark, String outDir) {
    this.spark = spark;
    this.conf = spark.sparkContext().hadoopConfiguration();
    this.metaDir = new Path(outDir, DIR_NAME);
    this.splitDir = new Path(metaDir, "split.parquet");
    this.scalingDir = new Path(metaDir, "scaling.parquet");
    this.metricsDir = new Path(metaDir, "metrics.parquet");
    this.predictionsDir = new Path(metaDir, "predictions.parquet");
    this.networksDir = new Path(metaDir, "networks");
  }

  String metricsTable() {
    return metricsDir.toString();
  }

  /**
   * Refuses a folder whose stored split of a protocol differs from {@code assignment}: its finished
   * cells were fitted and tested on other pairs.
   */
  void requireSameSplit(SplitBy splitBy, Dataset<Row> assignment) {
    Path file = part(splitDir, splitBy.toString());
    if (!exists(file)) {
      return;
    }
    Dataset<Row> stored = spark.read().parquet(file.toString());
    if (stored.exceptAll(assignment).count() > 0 || assignment.exceptAll(stored).count() > 0) {
      throw new AtlasException(
          file + " holds another split than the pairs now give (meta.split = " + splitBy
              + "): the pairs changed since its cells were fitted; use another --out, or move "
              + metaDir + " away to refit every cell");
    }
  }

  /** Deletes temp files and the files of uncommitted cells left by a crashed run. */
  void recover() {
    try {
      Set<String> committed = committedCells();
      for (Path dir : List.of(splitDir, scalingDir, metricsDir, predictionsDir, networksDir)) {
        Outputs.deleteLeftovers(conf, dir);
      }
      FileSystem fs = metaDir.getFileSystem(conf);
      for (Path dir : List.of(predictionsDir, networksDir)) {
        if (!fs.exists(dir)) {
          continue;
        }
        for (FileStatus status : fs.listStatus(dir)) {
          String name = status.getPath().getName();
          // Hidden names are the file system's checksums: they go with their file.
          if (!name.startsWith(".") && !committed.contains(cellOf(name))) {
            fs.delete(status.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + metaDir, e);
    }
  }

  /** Writes a protocol's split unless an earlier run did. */
  void writeSplit(SplitBy splitBy, Dataset<Row> assignment) {
    writeOnce(part(splitDir, splitBy.toString()), assignment.orderBy("model_id", "sample_index"));
  }

  /**
   * Writes a protocol's feature scaling unless an earlier run did (the same split gives the same
   * scaling): what a user of the network zips needs to standardise new inputs.
   */
  void writeScaling(SplitBy splitBy, List<Row> scaling) {
    writeOnce(part(scalingDir, splitBy.toString()), spark.createDataFrame(scaling, FeatureTable.SCALING_SCHEMA));
  }

  private void writeOnce(Path file, Dataset<Row> table) {
    if (exists(file)) {
      return;
    }
    try {
      Outputs.writeSingleParquet(table, conf, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Ids of the committed cells. */
  Set<String> committedCells() {
    Set<String> cells = new HashSet<>();
    try {
      FileSystem fs = metricsDir.getFileSystem(conf);
      if (fs.exists(metricsDir)) {
        for (FileStatus status : fs.listStatus(metricsDir)) {
          String name = status.getPath().getName();
          if (name.startsWith("part-") && name.endsWith(".parquet")) {
            cells.add(cellOf(name));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + metricsDir, e);
    }
    return cells;
  }

  /** Where a network cell's zip goes, relative to the output folder. */
  static String networkPath(Cell cell) {
    return DIR_NAME + "/networks/" + cell.id() + ".zip";
  }

  /** Commits a cell: its zip (networks only), its test predictions, then its metrics row. */
  void commit(CellResult result, byte[] networkZip, Dataset<Row> predictions) {
    Cell cell = result.cell();
    try {
      if (networkZip != null) {
        Outputs.writeOnce(conf, new Path(networksDir, cell.id() + ".zip"), networkZip);
      }
      Dataset<Row> labelled =
          predictions.select(
              lit(cell.splitBy().toString()).as("split_by"),
              lit(cell.task().toString()).as("task"),
              lit(cell.model()).as("model"),
              lit(cell.seed()).cast(DataTypes.LongType).as("seed"),
              col("model_id"),
              col("sample_index"),
              col("split"),
              col("target"),
              col("prediction"));
      Outputs.writeSingleParquet(
          labelled.orderBy("model_id", "sample_index"), conf, part(predictionsDir, cell.id()));
      Outputs.writeSingleParquet(
          spark.createDataFrame(List.of(result.toRow()), CellResult.SCHEMA), conf,
          part(metricsDir, cell.id()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit cell " + cell.id(), e);
    }
  }

  /** Every committed metrics row, in a stable order. */
  List<Row> metrics() {
    if (committedCells().isEmpty()) {
      return List.of();
    }
    return spark.read().parquet(metricsDir.toString())
        .orderBy("split_by", "task", "kind", "model", "seed").collectAsList();
  }

  private static Path part(Path dir, String name) {
    return new Path(dir, "part-" + name + ".parquet");
  }

  /** The cell id of a part or zip file name. */
  private static String cellOf(String fileName) {
    return fileName.replaceFirst("^part-", "").replaceFirst("\\.(parquet|zip)$", "");
  }

  private boolean exists(Path path) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
