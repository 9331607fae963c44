package io.robustatlas.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole validated configuration of a run, one record per section. Built only by {@link
 * ConfigLoader}, so holding one means every key was checked.
 *
 * @param source where it came from (config file and overrides), for messages and the manifest
 * @param rendered the merged configuration as canonical JSON, for hashing and provenance
 */
public record AtlasConfig(
    RunConfig run,
    DataConfig data,
    GridConfig grid,
    TrainConfig train,
    RobustnessConfig robustness,
    MetaConfig meta,
    String source,
    String rendered) {

  /** Every key the configuration accepts; anything else is rejected with a suggestion. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    keys.addAll(RunConfig.KEYS);
    keys.addAll(DataConfig.KEYS);
    keys.addAll(GridConfig.KEYS);
    keys.addAll(TrainConfig.KEYS);
    keys.addAll(RobustnessConfig.KEYS);
    keys.addAll(MetaConfig.KEYS);
    return List.copyOf(keys);
  }

  /**
   * Every typed setting, defaults included, as one text: equal texts mean equal runs. Its hash
   * guards an output folder against being reused with another config.
   */
  public String canonical() {
    return String.join("\n", run.toString(), data.toString(), grid.toString(), train.toString(),
        robustness.toString(), meta.toString());
  }

  static AtlasConfig read(ConfigReader reader, String source, String rendered) {
    return new AtlasConfig(
        RunConfig.read(reader),
        DataConfig.read(reader),
        GridConfig.read(reader),
        TrainConfig.read(reader),
        RobustnessConfig.read(reader),
        MetaConfig.read(reader),
        source,
        rendered);
  }
}
