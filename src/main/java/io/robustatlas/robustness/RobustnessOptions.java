package io.robustatlas.robustness;

import io.robustatlas.config.AtlasConfig;

/**
 * What the robustness stage needs.
 *
 * @param config the validated run configuration (data, run and robustness sections are used)
 * @param outDir the run's output folder, holding the train stage's {@code models.parquet}
 * @param force reuse an output folder made with another config
 */
public record RobustnessOptions(AtlasConfig config, String outDir, boolean force) {

  /** Options that refuse an output folder made with another config. */
  public RobustnessOptions(AtlasConfig config, String outDir) {
    this(config, outDir, false);
  }
}
