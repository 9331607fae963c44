package io.robustatlas.train;

import io.robustatlas.config.AtlasConfig;

/**
 * What the train stage needs.
 *
 * @param config the validated run configuration (data, grid, train sections are used)
 * @param outDir the run's output folder (any Hadoop path)
 * @param force reuse an output folder made with another config
 */
public record TrainOptions(AtlasConfig config, String outDir, boolean force) {

  /** Options that refuse an output folder made with another config. */
  public TrainOptions(AtlasConfig config, String outDir) {
    this(config, outDir, false);
  }
}
