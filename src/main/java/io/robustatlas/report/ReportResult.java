package io.robustatlas.report;

import io.robustatlas.run.StageResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report run wrote.
 *
 * @param drawn the titles of the sections drawn
 * @param missing one line per section whose table the folder lacks, naming the stage to run
 * @param failures one line per section whose table could not be read (the page says why, and is
 *     written without it; the exit code is 1)
 * @param charts charts embedded in the page
 * @param page the written {@code report/index.html}
 */
public record ReportResult(
    List<String> drawn,
    List<String> missing,
    List<String> failures,
    int charts,
    String page,
    Duration elapsed)
    implements StageResult {

  public ReportResult {
    drawn = List.copyOf(drawn);
    missing = List.copyOf(missing);
    failures = List.copyOf(failures);
  }

  @Override
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("sections", drawn.size());
    counts.put("missing_sections", missing.size());
    counts.put("failed_sections", failures.size());
    counts.put("charts", charts);
    return counts;
  }

  /**
   * The sections drawn, then each missing one and each that failed on its own line, then the
   * page's path, last.
   */
  @Override
  public String summary() {
    StringBuilder text =
        new StringBuilder(
            String.format(
                "report: %d sections (%s), %d charts", drawn.size(), String.join(", ", drawn),
                charts));
    if (!missing.isEmpty()) {
      text.append("; ").append(missing.size()).append(" missing:");
      missing.forEach(line -> text.append(System.lineSeparator()).append("  ").append(line));
    }
    text.append(StageResult.failureLines(failures));
    return text.append(System.lineSeparator()).append("report: ").append(page).toString();
  }
}
