package io.robustatlas.cli;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.ConfigLoader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every stage takes: the config file, overrides and the output folder. */
final class StageOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      defaultValue = "conf/default.conf",
      description = "HOCON config file (default: ${DEFAULT-VALUE}).")
  File conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set grid.seed=[0,1]. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "runs/default",
      description = "Output folder, any Hadoop path (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(
      names = "--force",
      description =
          "Reuse an output folder made with a different config (its finished work is kept).")
  boolean force;

  AtlasConfig loadConfig() {
    return ConfigLoader.load(conf, overrides);
  }
}
