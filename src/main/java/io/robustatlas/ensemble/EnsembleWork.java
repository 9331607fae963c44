package io.robustatlas.ensemble;

import io.robustatlas.robustness.KeptModel;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.classification.RandomForestClassificationModel;

/**
 * One model to evaluate, with its learned voters: the forest for each ensemble size, in the order
 * of {@code ensemble.copies}. Shipped as an RDD element, so each task receives only its own model's
 * forests.
 */
record EnsembleWork(KeptModel model, List<RandomForestClassificationModel> forests)
    implements Serializable {}
