/**
 * The {@code report} stage: one self-contained HTML page ({@code <out>/report/index.html}) that
 * draws whatever tables an output folder holds, aggregated with Spark so it works at any size, with
 * charts rendered headless by XChart and embedded as PNG. The page is a list of sections, one per
 * table family ({@link io.robustatlas.report.ReportSection}); a section whose table is missing
 * becomes one line naming the stage that would fill it.
 */
package io.robustatlas.report;
