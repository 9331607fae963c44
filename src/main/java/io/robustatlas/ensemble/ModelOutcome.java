package io.robustatlas.ensemble;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What one task did for one model: the members' probabilities on the learning slice (first pass) or
 * the model's table rows (second pass), or why it failed (a corrupt zip, say), which the stage
 * lists at the end instead of failing the whole run.
 *
 * @param learnProbs per member, the probabilities of each learning image; null unless learning
 * @param rows rows of {@link EnsembleTable#SCHEMA}; empty unless evaluating
 * @param error one line saying what went wrong; null on success
 */
record ModelOutcome(String modelId, float[][] learnProbs, List<Row> rows, String error)
    implements Serializable {

  static ModelOutcome failed(String modelId, String error) {
    return new ModelOutcome(modelId, null, List.of(), error);
  }

  boolean succeeded() {
    return error == null;
  }
}
