package io.robustatlas.explain;

import io.robustatlas.robustness.KeptModel;
import java.io.Serializable;

/**
 * One Spark task of the stage: a kept model and the test samples the robustness stage probed it on.
 *
 * @param samples test sample indices, ascending
 */
record ExplainWork(KeptModel model, int[] samples) implements Serializable {}
