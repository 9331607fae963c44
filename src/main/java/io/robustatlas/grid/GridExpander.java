package io.robustatlas.grid;

import io.robustatlas.data.Shuffle;
import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands the grid axes into train specs (every combination, in axis order) and, when {@code
 * grid.sample} is set, keeps a seeded random subset. Duplicate axis values collapse to one spec.
 */
public final class GridExpander {
  private static final long SAMPLE_DOMAIN = Seeds.tag("grid-sample");

  private GridExpander() {}

  /**
   * @param grid the axes
   * @param runSeed seeds the sample when {@code grid.sample > 0}
   * @param trainFingerprint fingerprint of the training data, part of every model id
   */
  public static List<TrainSpec> expand(Grid grid, long runSeed, String trainFingerprint) {
    Map<String, TrainSpec> byId = new LinkedHashMap<>();
    for (Optimizer optimizer : grid.optimizers()) {
      for (double learningRate : grid.learningRates()) {
        for (double l2 : grid.l2()) {
          addInner(byId, grid, new Outer(optimizer, learningRate, l2), trainFingerprint);
        }
      }
    }
    List<TrainSpec> specs = new ArrayList<>(byId.values());
    return grid.sample() > 0 ? sample(specs, grid.sample(), runSeed) : List.copyOf(specs);
  }

  private record Outer(Optimizer optimizer, double learningRate, double l2) {}

  private static void addInner(
      Map<String, TrainSpec> byId, Grid grid, Outer outer, String trainFingerprint) {
    for (int epochs : grid.epochs()) {
      for (long seed : grid.seeds()) {
        for (InitScheme init : grid.inits()) {
          addPoints(byId, grid, outer, new Middle(epochs, seed, init), trainFingerprint);
        }
      }
    }
  }

  private record Middle(int epochs, long seed, InitScheme init) {}

  private static void addPoints(
      Map<String, TrainSpec> byId, Grid grid, Outer outer, Middle middle, String trainFingerprint) {
    for (int batchSize : grid.batchSizes()) {
      for (Architecture architecture : grid.architectures()) {
        TrainSpec spec =
            new TrainSpec(
                outer.optimizer(),
                outer.learningRate(),
                outer.l2(),
                middle.epochs(),
                middle.seed(),
                middle.init(),
                batchSize,
                trainFingerprint,
                architecture);
        byId.putIfAbsent(spec.modelId(), spec);
      }
    }
  }

  /**
   * Draws {@code size} specs without replacement. The draw is by sorted model id, so it does not
   * depend on the order the axes were written in.
   */
  private static List<TrainSpec> sample(List<TrainSpec> specs, int size, long runSeed) {
    if (size >= specs.size()) {
      return List.copyOf(specs);
    }
    List<TrainSpec> byId = new ArrayList<>(specs);
    byId.sort(Comparator.comparing(TrainSpec::modelId));
    int[] order = Shuffle.permutation(byId.size(), Seeds.derive(SAMPLE_DOMAIN, runSeed));
    Set<TrainSpec> chosen = new HashSet<>();
    for (int i = 0; i < size; i++) {
      chosen.add(byId.get(order[i]));
    }
    return specs.stream().filter(chosen::contains).toList();
  }
}
