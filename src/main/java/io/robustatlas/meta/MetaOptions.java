package io.robustatlas.meta;

import io.robustatlas.config.AtlasConfig;

/**
 * What the meta stage needs.
 *
 * @param config the validated run configuration (run and meta sections are used)
 * @param outDir the run's output folder, holding the robustness stage's {@code pairs.parquet}
 * @param force reuse an output folder made with another config
 */
public record MetaOptions(AtlasConfig config, String outDir, boolean force) {

  /** Options that refuse an output folder made with another config. */
  public MetaOptions(AtlasConfig config, String outDir) {
    this(config, outDir, false);
  }
}
