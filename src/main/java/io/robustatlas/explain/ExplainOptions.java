package io.robustatlas.explain;

import io.robustatlas.config.AtlasConfig;

/**
 * What the explain stage needs.
 *
 * @param config the validated run configuration (data, run, robustness and explain sections)
 * @param outDir the run's output folder, holding a finished robustness stage's pairs
 * @param force reuse an output folder made with another config
 */
public record ExplainOptions(AtlasConfig config, String outDir, boolean force) {

  /** Options that refuse an output folder made with another config. */
  public ExplainOptions(AtlasConfig config, String outDir) {
    this(config, outDir, false);
  }
}
