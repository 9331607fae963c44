package io.robustatlas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wording every resumable stage's summary and manifest counts share. The expected text is typed
 * by hand: the ensemble line as the README quotes it, and the keys and order the stages wrote
 * before they shared this record.
 */
class ItemCountsTest {
  @Test
  void summaryHeadReadsAsTheReadmeQuotesIt() {
    assertEquals(
        "8 kept models: 8 evaluated now, 0 already done, 0 failed",
        new ItemCounts("kept models", "evaluated", 8, 8, 0, 0).toString());
    assertEquals(
        "12 cells: 7 fitted now, 3 already done, 2 failed",
        new ItemCounts("cells", "fitted", 12, 7, 3, 2).toString());
  }

  @Test
  void countsAreKeyedWithUnderscoresInSummaryOrder() {
    Map<String, Object> counts = new ItemCounts("kept models", "probed", 8, 5, 2, 1).counts();
    assertEquals(
        List.of("kept_models", "probed_now", "already_done", "failed"),
        List.copyOf(counts.keySet()));
    assertEquals(List.of(8, 5, 2, 1), List.copyOf(counts.values()));
  }
}
