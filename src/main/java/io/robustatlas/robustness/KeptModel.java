package io.robustatlas.robustness;

import java.io.Serializable;

/** A model the train stage kept: the unit of work (one Spark task) of the robustness stage. */
public record KeptModel(String modelId, String modelPath) implements Serializable {}
