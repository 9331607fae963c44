package io.robustatlas.run;

import java.time.Duration;
import java.util.Map;

/** What every stage reports: for the console, the manifest and the exit code. */
public interface StageResult {
  /** One paragraph for the console. */
  String summary();

  /** Named counts for the manifest. */
  Map<String, Object> counts();

  Duration elapsed();

  /** Items that could not be processed (each is retried by the next run). */
  int failed();
}
