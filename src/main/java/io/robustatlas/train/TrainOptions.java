package io.robustatlas.train;

import io.robustatlas.config.AtlasConfig;

/**
 * What the train stage needs.
 *
 * @param config the validated run configuration (data, grid, train sections are used)
 * @param outDir the run's output folder (any Hadoop path)
 */
public record TrainOptions(AtlasConfig config, String outDir) {}
