package io.robustatlas.config;

import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Grid;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import java.util.List;

/** The {@code grid.*} keys, their defaults and their rules; read into a {@link Grid}. */
public final class GridSection {
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
  /** Hidden-layer activations; LeNet-5's ReLU by default. */
  public static final String ACTIVATION = "grid.activation";
  public static final List<Activation> ACTIVATION_DEFAULT = Grid.ACTIVATIONS_LENET5;
  /** Pooling kinds; LeNet-5's max pooling by default. */
  public static final String POOLING = "grid.pooling";
  public static final List<Pooling> POOLING_DEFAULT = Grid.POOLINGS_LENET5;
  /** Dropout rates before fc1 and fc2 in training; none by default. */
  public static final String DROPOUT = "grid.dropout";
  public static final List<Double> DROPOUT_DEFAULT = Grid.DROPOUTS_LENET5;

  static final List<String> KEYS =
      List.of(
          OPTIMIZER, LEARNING_RATE, L2, EPOCHS, SEED, INIT, BATCH_SIZE, SAMPLE, ACTIVATION, POOLING,
          DROPOUT);

  private GridSection() {}

  static Grid read(ConfigReader reader) {
    return new Grid(
        reader.enumList(OPTIMIZER, OPTIMIZER_DEFAULT, Optimizer.class),
        reader.doubleList(LEARNING_RATE, LEARNING_RATE_DEFAULT, v -> v > 0, "> 0"),
        reader.doubleList(L2, L2_DEFAULT, v -> v >= 0, "≥ 0"),
        reader.intList(EPOCHS, EPOCHS_DEFAULT, v -> v >= 1 && v <= 10_000, "between 1 and 10000"),
        reader.longList(SEED, SEED_DEFAULT, v -> true, "(any)"),
        reader.enumList(INIT, INIT_DEFAULT, InitScheme.class),
        reader.intList(BATCH_SIZE, BATCH_SIZE_DEFAULT, v -> v >= 1, "≥ 1"),
        reader.intValue(SAMPLE, SAMPLE_DEFAULT, v -> v >= 0, "≥ 0 (0 = whole grid)"),
        reader.enumList(ACTIVATION, ACTIVATION_DEFAULT, Activation.class),
        reader.enumList(POOLING, POOLING_DEFAULT, Pooling.class),
        reader.doubleList(DROPOUT, DROPOUT_DEFAULT, v -> v >= 0 && v < 1, "≥ 0 and < 1"));
  }
}
