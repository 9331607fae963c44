package io.robustatlas.ensemble;

import io.robustatlas.config.AtlasConfig;

/**
 * What the ensemble stage needs.
 *
 * @param config the validated run configuration (data, run, robustness and ensemble sections)
 * @param outDir the run's output folder, holding the train stage's {@code models.parquet}
 * @param force reuse an output folder made with another config
 */
public record EnsembleOptions(AtlasConfig config, String outDir, boolean force) {

  /** Options that refuse an output folder made with another config. */
  public EnsembleOptions(AtlasConfig config, String outDir) {
    this(config, outDir, false);
  }
}
