package io.robustatlas.robustness;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What probing one model produced: its pair rows and its counts row, or the reason it failed (a
 * corrupt model zip, say), which the stage lists at the end instead of failing the whole run.
 *
 * @param pairs rows of {@link PairsTable#schema}; empty on failure
 * @param counts a row of {@link PairCountsTable#SCHEMA}; null on failure
 * @param error one line saying what went wrong; null on success
 */
public record ProbeOutcome(String modelId, List<Row> pairs, Row counts, String error)
    implements Serializable {

  static ProbeOutcome failed(String modelId, String error) {
    return new ProbeOutcome(modelId, List.of(), null, error);
  }

  boolean succeeded() {
    return error == null;
  }
}
