package io.robustatlas.config;

import io.robustatlas.grid.Grid;
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
    Grid grid,
    TrainConfig train,
    RobustnessConfig robustness,
    EnsembleConfig ensemble,
    MetaConfig meta,
    ExplainConfig explain,
    String source,
    String rendered) {

  /** Every key the configuration accepts; anything else is rejected with a suggestion. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    keys.addAll(RunConfig.KEYS);
    keys.addAll(DataConfig.KEYS);
    keys.addAll(GridSection.KEYS);
    keys.addAll(TrainConfig.KEYS);
    keys.addAll(RobustnessConfig.KEYS);
    keys.addAll(EnsembleConfig.KEYS);
    keys.addAll(MetaConfig.KEYS);
    keys.addAll(ExplainConfig.KEYS);
    return List.copyOf(keys);
  }

  /**
   * Every typed setting that changes some stage's results, defaults included, as one text: the
   * provenance recorded in the manifest. Which of them a stage depends on is {@code run.Stage}'s
   * business.
   */
  public String canonical() {
    return String.join(
        "\n",
        run.toString(),
        data.canonical(),
        grid.toString(),
        train.toString(),
        robustness.canonical(),
        ensemble.canonical(),
        meta.toString(),
        explain.canonical());
  }

  static AtlasConfig read(ConfigReader reader, String source, String rendered) {
    return new AtlasConfig(
        RunConfig.read(reader),
        DataConfig.read(reader),
        GridSection.read(reader),
        TrainConfig.read(reader),
        RobustnessConfig.read(reader),
        EnsembleConfig.read(reader),
        MetaConfig.read(reader),
        ExplainConfig.read(reader),
        source,
        rendered);
  }
}
