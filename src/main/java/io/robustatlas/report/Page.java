package io.robustatlas.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's HTML page, built section by section: escaped text, tables with their one-line
 * reading, charts as embedded PNG, and one line per missing section. Self-contained (styles
 * inline, images as {@code data:} URIs), so it opens anywhere without a network.
 */
final class Page {
  private static final String STYLE =
      """
      body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
             margin: 0 auto; padding: 1em 1.5em 3em; max-width: 1180px; color: #1d2329; }
      h1 { font-size: 1.6em; margin: .3em 0; }
      h2 { font-size: 1.3em; margin: 1.6em 0 .4em; border-bottom: 2px solid #d7dde3; }
      h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
      nav a { margin-right: 1em; }
      p { margin: .35em 0; }
      p.reading { color: #234; background: #eef4fa; border-left: 4px solid #4a7fb5;
                  padding: .25em .6em; margin: .3em 0 .9em; }
      p.missing { color: #7a4b00; background: #fff6e0; border-left: 4px solid #e0a020;
                  padding: .3em .6em; }
      p.meta { color: #566; font-size: .9em; }
      table { border-collapse: collapse; margin: .4em 0 .2em; font-size: .9em; }
      th, td { border: 1px solid #d7dde3; padding: .2em .55em; text-align: left; vertical-align: top; }
      th { background: #f2f5f8; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      td.short { white-space: nowrap; }
      .figures { display: flex; flex-wrap: wrap; gap: 14px; margin: .5em 0 1em; }
      figure { margin: 0; width: 560px; }
      figure img { width: 560px; height: 340px; border: 1px solid #e3e7eb; display: block; }
      figcaption { font-size: .88em; color: #345; margin-top: .2em; }
      code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: .88em; }
      .config { columns: 2 430px; font-size: .85em; }
      .config div { break-inside: avoid; }
      """;

  /** Cells up to this long (a timestamp, a name) never wrap. */
  private static final int SHORT = 24;

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final List<String[]> sections = new ArrayList<>();
  private int charts;

  Page(String title) {
    this.title = title;
  }

  /** Starts a section: its heading, and an entry in the page's table of contents. */
  Page section(String id, String heading) {
    sections.add(new String[] {id, heading});
    body.append("<section id=\"").append(escape(id)).append("\"><h2>").append(escape(heading))
        .append("</h2>\n");
    return this;
  }

  Page endSection() {
    body.append("</section>\n");
    return this;
  }

  Page subheading(String text) {
    return element("<h3>", text, "</h3>");
  }

  Page paragraph(String text) {
    return element("<p>", text, "</p>");
  }

  /** Small print: where the numbers come from. */
  Page note(String text) {
    return element("<p class=\"meta\">", text, "</p>");
  }

  /** What a table or chart says, in one line. */
  Page reading(String text) {
    return element("<p class=\"reading\">", text, "</p>");
  }

  /** A section whose tables the folder does not hold: the one line naming the stage to run. */
  Page missing(String text) {
    return element("<p class=\"missing\">", text, "</p>");
  }

  /** One line of text between its tags, escaped. */
  private Page element(String open, String text, String close) {
    body.append(open).append(escape(text)).append(close).append('\n');
    return this;
  }

  /** A table followed by its one-line reading. */
  Page table(Table table) {
    body.append("<table><thead><tr>");
    for (String column : table.header()) {
      body.append("<th>").append(escape(column)).append("</th>");
    }
    body.append("</tr></thead><tbody>\n");
    for (List<String> row : table.rows()) {
      body.append("<tr>");
      for (String cell : row) {
        body.append(isNumber(cell) ? "<td class=\"num\">"
                : cell.length() <= SHORT ? "<td class=\"short\">" : "<td>")
            .append(escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</tbody></table>\n");
    return reading(table.reading());
  }

  /** Name-value pairs in columns, for long lists such as the config. */
  Page keyValues(List<String[]> pairs) {
    body.append("<div class=\"config\">");
    for (String[] pair : pairs) {
      body.append("<div><span class=\"mono\">").append(escape(pair[0])).append("</span> = ")
          .append("<span class=\"mono\">").append(escape(pair[1])).append("</span></div>");
    }
    body.append("</div>\n");
    return this;
  }

  /** Charts side by side (two per row on a laptop screen), each with its reading below it. */
  Page figures(List<Figure> figures) {
    if (figures.isEmpty()) {
      return this;
    }
    body.append("<div class=\"figures\">\n");
    for (Figure figure : figures) {
      charts++;
      body.append("<figure><img alt=\"").append(escape(figure.title()))
          .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"")
          .append(Charts.HEIGHT).append("\" src=\"").append(figure.dataUri())
          .append("\"><figcaption>").append(escape(figure.reading()))
          .append("</figcaption></figure>\n");
    }
    body.append("</div>\n");
    return this;
  }

  /** Where the page ends now: a section that fails half-way is cut back to it. */
  record Mark(int length, int charts) {}

  Mark mark() {
    return new Mark(body.length(), charts);
  }

  /** Drops everything added since {@code mark}. */
  void cut(Mark mark) {
    body.setLength(mark.length());
    charts = mark.charts();
  }

  /** Charts embedded so far. */
  int charts() {
    return charts;
  }

  /** The whole document. */
  String html(String subtitle) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>").append(STYLE)
        .append("</style></head>\n<body>\n<header><h1>").append(escape(title)).append("</h1>\n")
        .append("<p class=\"meta\">").append(escape(subtitle)).append(" Written ")
        .append(Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z")).append(".</p>\n<nav>");
    for (String[] section : sections) {
      html.append("<a href=\"#").append(escape(section[0])).append("\">").append(escape(section[1]))
          .append("</a>");
    }
    return html.append("</nav></header>\n").append(body).append("</body></html>\n").toString();
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static boolean isNumber(String cell) {
    return cell.matches("[-+]?[0-9.,]+(e[-+]?[0-9]+)?( ?%| s)?|NaN|[-+]?∞");
  }
}
