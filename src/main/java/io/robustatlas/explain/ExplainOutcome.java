package io.robustatlas.explain;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What explaining one model produced, or why it failed (a corrupt model zip, say): the stage lists
 * failures at the end instead of failing the whole run.
 *
 * @param kernels rows of {@link ExplainTables#KERNELS}; empty on failure
 * @param pairs rows of {@link ExplainTables#PAIRS}; empty on failure
 * @param error one line saying what went wrong; null on success
 */
record ExplainOutcome(String modelId, List<Row> kernels, List<Row> pairs, String error)
    implements Serializable {

  static ExplainOutcome failed(String modelId, String error) {
    return new ExplainOutcome(modelId, List.of(), List.of(), error);
  }

  boolean succeeded() {
    return error == null;
  }
}
