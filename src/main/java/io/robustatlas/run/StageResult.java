package io.robustatlas.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What every stage reports: for the console, the manifest and the exit code. */
public interface StageResult {
  /** One paragraph for the console. */
  String summary();

  /** Named counts for the manifest. */
  Map<String, Object> counts();

  Duration elapsed();

  /**
   * One line per item that could not be processed (each is retried by the next run); none for a
   * stage whose items cannot fail one by one.
   */
  default List<String> failures() {
    return List.of();
  }

  /** Items that could not be processed: the run is recorded {@code partial} and exits with 1. */
  default int failed() {
    return failures().size();
  }

  /** One line per failed item, each after a line break: the end of a summary. */
  static String failureLines(List<String> failures) {
    return failures.stream()
        .map(failure -> System.lineSeparator() + "  failed: " + failure)
        .collect(Collectors.joining());
  }
}
