package io.robustatlas.report;

import java.util.Locale;

/**
 * One section of the report: the charts and tables of one family of outputs. A new output table
 * gets its own section class, added to {@link ReportJob#SECTIONS}; no other section changes.
 */
interface ReportSection {
  /** Its heading, also its anchor on the page. */
  String title();

  /** The table it is drawn from, relative to the output folder; its absence leaves it out. */
  String table();

  /** The stage that writes {@link #table()}. */
  String stage();

  /** Draws the section; called only when the folder holds {@link #table()}. */
  void draw(RunFolder folder, Page page);

  /** The one line that stands for the section when its table is missing. */
  default String missingLine(RunFolder folder) {
    return title() + ": not in this folder (no " + table() + "); the " + stage()
        + " stage fills it: " + folder.command(stage());
  }

  /** The anchor of the section on the page. */
  default String anchor() {
    return title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
