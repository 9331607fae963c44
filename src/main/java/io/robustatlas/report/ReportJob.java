package io.robustatlas.report;

import io.robustatlas.run.RunManifest;
import io.robustatlas.run.Stage;
import io.robustatlas.spark.Outputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code report} stage: reads whatever tables the output folder holds and writes {@code
 * <out>/report/index.html}, one self-contained page with a section per table family. A section
 * whose table is missing becomes one line naming the stage that would fill it. The aggregates come
 * from Spark over the Parquet tables; only grouped results reach the driver.
 */
public final class ReportJob {
  /** The page, relative to the output folder. */
  public static final String PAGE = "report/index.html";

  /**
   * The sections, in page order. A new family of output tables adds its section here, and nothing
   * else changes.
   */
  static final List<ReportSection> SECTIONS =
      List.of(
          new RunSection(),
          new ModelsSection(),
          new RobustnessSection(),
          new AblationSection(),
          new EnsembleSection(),
          new MetaSection(),
          new ExplainSection());

  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  private final SparkSession spark;
  private final ReportOptions options;

  public ReportJob(SparkSession spark, ReportOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Writes the page, recorded in the folder's manifest.
   *
   * @throws io.robustatlas.AtlasException (exit 2) when the folder has no run manifest
   */
  public ReportResult run() {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunManifest manifest = RunManifest.openReader(hadoop, options.outDir(), Stage.REPORT);
    RunFolder folder = new RunFolder(spark, options.outDir(), manifest.content());
    return manifest.record(() -> write(folder, hadoop, start));
  }

  private ReportResult write(RunFolder folder, Configuration hadoop, long start) {
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .setJobGroup(Stage.REPORT.id(), "aggregates for " + PAGE, false);
    Page page = new Page("Robustness Atlas report");
    List<String> drawn = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (ReportSection section : SECTIONS) {
      page.section(section.anchor(), section.title());
      if (!folder.has(section.table())) {
        String line = section.missingLine(folder);
        page.missing(line);
        missing.add(line);
      } else if (draw(section, folder, page, failures)) {
        drawn.add(section.title());
      }
      page.endSection();
    }
    Path target = new Path(options.outDir(), PAGE);
    try {
      Outputs.replace(
          hadoop, target,
          page.html("Output folder " + options.outDir() + ".").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
    return new ReportResult(
        drawn, missing, failures, page.charts(), target.toString(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Draws one section; a table it cannot read (corrupt, or written by an incompatible version)
   * costs that section only: it becomes one line saying why, and the others are drawn.
   */
  private static boolean draw(
      ReportSection section, RunFolder folder, Page page, List<String> failures) {
    LOG.info("report: drawing {}", section.title());
    Page.Mark mark = page.mark();
    try {
      section.draw(folder, page);
      return true;
    } catch (Exception e) { // Spark's own exceptions are checked, thrown undeclared
      page.cut(mark);
      String line = section.title() + ": cannot be drawn from " + section.table() + ": "
          + rootMessage(e);
      LOG.warn("report: {}", line);
      LOG.debug("report: section {} failed", section.title(), e);
      page.missing(line);
      failures.add(line);
      return false;
    }
  }

  /** The first line of the innermost cause's message: what was wrong with the file itself. */
  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).strip();
    return message.lines().findFirst().orElse(root.getClass().getSimpleName());
  }
}
