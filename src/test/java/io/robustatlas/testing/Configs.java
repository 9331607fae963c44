package io.robustatlas.testing;

import io.robustatlas.config.AtlasConfig;
import io.robustatlas.config.ConfigLoader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The bundled default config with test overrides: small grids, slices of the bundled data. */
public final class Configs {
  private Configs() {}

  /** conf/default.conf plus {@code overrides}. */
  public static AtlasConfig defaults(String... overrides) {
    return ConfigLoader.load(new File("conf/default.conf"), List.of(overrides));
  }

  /** Two adam models (seeds 0 and 1), 1 epoch, on 2,000 training and 500 test images. */
  public static AtlasConfig twoModels(String... more) {
    List<String> overrides =
        new ArrayList<>(
            List.of(
                "data.train-limit=2000",
                "data.test-limit=500",
                "grid.optimizer=[adam]",
                "grid.learning-rate=[0.01]",
                "grid.l2=[0]",
                "grid.epochs=[1]",
                "grid.seed=[0,1]",
                "grid.init=[xavier]",
                "grid.batch-size=[64]"));
    overrides.addAll(List.of(more));
    return defaults(overrides.toArray(String[]::new));
  }
}
