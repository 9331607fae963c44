package io.robustatlas.config;

import java.io.Serializable;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import java.util.List;

/**
 * The hyperparameter grid: every combination of the axes is one LeNet-5 variant.
 *
 * @param optimizers {@code sgd} and/or {@code adam}
 * @param learningRates learning rates, each &gt; 0
 * @param l2 coupled L2 weight decay coefficients, each ≥ 0
 * @param epochs training epochs, each ≥ 1
 * @param seeds model seeds (weight init and per-epoch shuffles)
 * @param inits weight initialisations
 * @param batchSizes minibatch sizes, each ≥ 1
 * @param sample 0 = the whole grid; N = N grid points drawn without replacement with the run seed
 */
public record GridConfig(
    List<Optimizer> optimizers,
    List<Double> learningRates,
    List<Double> l2,
    List<Integer> epochs,
    List<Long> seeds,
    List<InitScheme> inits,
    List<Integer> batchSizes,
    int sample) implements Serializable {
  public static final String OPTIMIZER = "grid.optimizer";
  public static final List<Optimizer> OPTIMIZER_DEFAULT = List.of(Optimizer.SGD, Optimizer.ADAM);
  public static final String LEARNING_RATE = "grid.learning-rate";
  public static final List<Double> LEARNING_RATE_DEFAULT = List.of(0.01);
  public static final String L2 = "grid.l2";
  public static final List<Double> L2_DEFAULT = List.of(0.0);
  public static final String EPOCHS = "grid.epochs";
  public static final List<Integer> EPOCHS_DEFAULT = List.of(1);
  public static final String SEED = "grid.seed";
  public static final List<Long> SEED_DEFAULT = List.of(0L);
  public static final String INIT = "grid.init";
  public static final List<InitScheme> INIT_DEFAULT = List.of(InitScheme.XAVIER);
  public static final String BATCH_SIZE = "grid.batch-size";
  public static final List<Integer> BATCH_SIZE_DEFAULT = List.of(64);
  public static final String SAMPLE = "grid.sample";
  public static final int SAMPLE_DEFAULT = 0;

  static final List<String> KEYS =
      List.of(OPTIMIZER, LEARNING_RATE, L2, EPOCHS, SEED, INIT, BATCH_SIZE, SAMPLE);

  public GridConfig {
    optimizers = List.copyOf(optimizers);
    learningRates = List.copyOf(learningRates);
    l2 = List.copyOf(l2);
    epochs = List.copyOf(epochs);
    seeds = List.copyOf(seeds);
    inits = List.copyOf(inits);
    batchSizes = List.copyOf(batchSizes);
  }

  static GridConfig read(ConfigReader reader) {
    return new GridConfig(
        reader.enumList(OPTIMIZER, OPTIMIZER_DEFAULT, Optimizer.class),
        reader.doubleList(LEARNING_RATE, LEARNING_RATE_DEFAULT, v -> v > 0, "> 0"),
        reader.doubleList(L2, L2_DEFAULT, v -> v >= 0, "≥ 0"),
        reader.intList(EPOCHS, EPOCHS_DEFAULT, v -> v >= 1 && v <= 10_000, "between 1 and 10000"),
        reader.longList(SEED, SEED_DEFAULT, v -> true, "(any)"),
        reader.enumList(INIT, INIT_DEFAULT, InitScheme.class),
        reader.intList(BATCH_SIZE, BATCH_SIZE_DEFAULT, v -> v >= 1, "≥ 1"),
        reader.intValue(SAMPLE, SAMPLE_DEFAULT, v -> v >= 0, "≥ 0 (0 = whole grid)"));
  }

  /** Number of points in the full grid (before sampling). */
  public long size() {
    return (long) optimizers.size()
        * learningRates.size()
        * l2.size()
        * epochs.size()
        * seeds.size()
        * inits.size()
        * batchSizes.size();
  }
}
