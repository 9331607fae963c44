package io.robustatlas.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a resumable stage got over its items (models, cells): how many there are, how many this
 * run did, how many an earlier run did and how many failed. Worded in one place so that every
 * stage's summary and manifest counts read alike and a script can parse them all the same way.
 *
 * @param items the items, plural, as the summary names them ({@code kept models}); with {@code _}
 *     for spaces, the key of {@code total}
 * @param verb what this run did to an item ({@code probed}): the summary's {@code probed now},
 *     the key {@code probed_now}
 * @param total items of the stage
 * @param now items done by this run
 * @param alreadyDone items an earlier run committed
 * @param failed items that could not be done (each is retried by the next run)
 */
public record ItemCounts(
    String items, String verb, int total, int now, int alreadyDone, int failed) {

  /** The head of a summary, such as {@code 8 kept models: 8 probed now, 0 already done, 0 failed}. */
  @Override
  public String toString() {
    return String.format(
        "%d %s: %d %s now, %d already done, %d failed",
        total, items, now, verb, alreadyDone, failed);
  }

  /**
   * The head of the manifest counts, in this order: {@code kept_models}, {@code probed_now},
   * {@code already_done}, {@code failed}; a stage adds its own after them.
   */
  public Map<String, Object> counts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put(items.replace(' ', '_'), total);
    counts.put(verb + "_now", now);
    counts.put("already_done", alreadyDone);
    counts.put("failed", failed);
    return counts;
  }
}
