package io.robustatlas.config;

import io.robustatlas.meta.Baseline;
import io.robustatlas.meta.MetaArch;
import io.robustatlas.meta.MetaInput;
import io.robustatlas.meta.MetaTask;
import io.robustatlas.meta.SplitBy;
import io.robustatlas.meta.TrainerKind;
import io.robustatlas.noise.NoiseKind;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Settings of the {@code meta} stage: which pairs it reads, how it splits them, and the grid of
 * meta-networks (split × task × architecture × seed) and baselines it fits. The list keys are sets:
 * a value given twice counts once.
 *
 * @param splits split protocols, each its own set of cells: {@code model} (honest) and/or {@code
 *     pair} (the study's)
 * @param tasks {@code regression} (the ratio) and/or {@code classification} (correct or not)
 * @param archs meta-network bodies
 * @param seeds meta-network seeds: weight init and minibatch order
 * @param inputs activation vectors read, in sequence order
 * @param embed width of each input's encoder, the recurrent/attention state and the MLP's layers
 * @param layers recurrent, attention or dense layers of the body
 * @param heads attention heads (a divisor of {@code embed})
 * @param ff width of the transformer body's feed-forward sublayer (default 2 × {@code embed})
 * @param learningRate Adam's learning rate
 * @param epochs most epochs per network
 * @param patience stop after this many epochs without a lower validation loss; the best epoch's
 *     network is kept
 * @param batchSize minibatch size of one step (the spark trainer splits it over its workers)
 * @param trainer where networks are fitted: {@code auto}, {@code engine} (the meta engine, one
 *     network per Spark task), {@code local} (DL4J on the driver) or {@code spark} (dl4j-spark
 *     parameter averaging)
 * @param baselines baselines fitted per split and task
 * @param gbtIterations trees of the gradient-boosted baselines
 * @param noise noise kind of the pairs read
 * @param level noise level of the pairs read (σ, p, λ or α: see {@code robustness.noise})
 */
public record MetaConfig(
    List<SplitBy> splits,
    List<MetaTask> tasks,
    List<MetaArch> archs,
    List<Long> seeds,
    List<MetaInput> inputs,
    int embed,
    int layers,
    int heads,
    int ff,
    double learningRate,
    int epochs,
    int patience,
    int batchSize,
    TrainerKind trainer,
    List<Baseline> baselines,
    int gbtIterations,
    NoiseKind noise,
    double level)
    implements Serializable {
  public static final String SPLIT = "meta.split";
  public static final List<SplitBy> SPLIT_DEFAULT = List.of(SplitBy.MODEL);
  public static final String TASK = "meta.task";
  public static final List<MetaTask> TASK_DEFAULT =
      List.of(MetaTask.REGRESSION, MetaTask.CLASSIFICATION);
  public static final String ARCH = "meta.arch";
  public static final List<MetaArch> ARCH_DEFAULT = List.of(MetaArch.values());
  public static final String SEED = "meta.seed";
  public static final List<Long> SEED_DEFAULT = List.of(0L);
  public static final String INPUTS = "meta.inputs";
  public static final List<MetaInput> INPUTS_DEFAULT =
      List.of(MetaInput.MAXPOOL2, MetaInput.FC1, MetaInput.FC2, MetaInput.LOGITS);
  public static final String EMBED = "meta.embed";
  public static final int EMBED_DEFAULT = 256;
  public static final String LAYERS = "meta.layers";
  public static final int LAYERS_DEFAULT = 2;
  public static final String HEADS = "meta.heads";
  public static final int HEADS_DEFAULT = 4;
  /** Unset: twice {@link #EMBED}, as the study's transformer. */
  public static final String FF = "meta.ff";
  public static final String LEARNING_RATE = "meta.learning-rate";
  public static final double LEARNING_RATE_DEFAULT = 1e-3;
  public static final String EPOCHS = "meta.epochs";
  public static final int EPOCHS_DEFAULT = 30;
  public static final String PATIENCE = "meta.patience";
  public static final int PATIENCE_DEFAULT = 5;
  public static final String BATCH_SIZE = "meta.batch-size";
  public static final int BATCH_SIZE_DEFAULT = 64;
  public static final String TRAINER = "meta.trainer";
  public static final TrainerKind TRAINER_DEFAULT = TrainerKind.AUTO;
  public static final String BASELINES = "meta.baselines";
  public static final List<Baseline> BASELINES_DEFAULT = List.of(Baseline.values());
  public static final String GBT_ITERATIONS = "meta.gbt-iterations";
  public static final int GBT_ITERATIONS_DEFAULT = 20;
  public static final String NOISE = "meta.noise";
  public static final NoiseKind NOISE_DEFAULT = NoiseKind.GAUSSIAN;
  public static final String LEVEL = "meta.level";
  public static final double LEVEL_DEFAULT = 0.9;

  static final List<String> KEYS =
      List.of(
          SPLIT, TASK, ARCH, SEED, INPUTS, EMBED, LAYERS, HEADS, FF, LEARNING_RATE, EPOCHS,
          PATIENCE, BATCH_SIZE, TRAINER, BASELINES, GBT_ITERATIONS, NOISE, LEVEL);

  public MetaConfig {
    splits = distinct(splits);
    tasks = distinct(tasks);
    archs = distinct(archs);
    seeds = distinct(seeds);
    inputs = distinct(inputs);
    baselines = distinct(baselines);
  }

  static MetaConfig read(ConfigReader reader) {
    int embed = reader.intValue(EMBED, EMBED_DEFAULT, v -> v >= 1 && v <= 4096, "between 1 and 4096");
    List<MetaArch> archs = reader.enumList(ARCH, ARCH_DEFAULT, MetaArch.class);
    TrainerKind trainer = reader.enumValue(TRAINER, TRAINER_DEFAULT, TrainerKind.class);
    List<MetaArch> engineOnly = archs.stream().filter(a -> !a.inDl4j()).toList();
    if (!engineOnly.isEmpty() && (trainer == TrainerKind.LOCAL || trainer == TrainerKind.SPARK)) {
      throw reader.invalid(TRAINER, trainer,
          "must be engine or auto when " + ARCH + " has " + engineOnly
              + " (DL4J 1.0.0-M2 has no such layer)");
    }
    return new MetaConfig(
        reader.enumList(SPLIT, SPLIT_DEFAULT, SplitBy.class),
        reader.enumList(TASK, TASK_DEFAULT, MetaTask.class),
        archs,
        reader.longList(SEED, SEED_DEFAULT, v -> true, "(any)"),
        reader.enumList(INPUTS, INPUTS_DEFAULT, MetaInput.class),
        embed,
        reader.intValue(LAYERS, LAYERS_DEFAULT, v -> v >= 1 && v <= 16, "between 1 and 16"),
        reader.intValue(
            HEADS, HEADS_DEFAULT, v -> v >= 1 && embed % v == 0,
            "≥ 1 that divides " + EMBED + " (" + embed + ")"),
        reader.intValue(FF, 2 * embed, v -> v >= 1 && v <= 16_384, "between 1 and 16384"),
        reader.doubleValue(LEARNING_RATE, LEARNING_RATE_DEFAULT, v -> v > 0, "> 0"),
        reader.intValue(EPOCHS, EPOCHS_DEFAULT, v -> v >= 1 && v <= 10_000, "between 1 and 10000"),
        reader.intValue(PATIENCE, PATIENCE_DEFAULT, v -> v >= 1, "≥ 1"),
        reader.intValue(BATCH_SIZE, BATCH_SIZE_DEFAULT, v -> v >= 1, "≥ 1"),
        trainer,
        reader.enumList(BASELINES, BASELINES_DEFAULT, Baseline.class),
        reader.intValue(GBT_ITERATIONS, GBT_ITERATIONS_DEFAULT, v -> v >= 1 && v <= 1000,
            "between 1 and 1000"),
        reader.enumValue(NOISE, NOISE_DEFAULT, NoiseKind.class),
        reader.doubleValue(LEVEL, LEVEL_DEFAULT, v -> v >= 0, "≥ 0"));
  }

  /**
   * The settings that define what a committed cell holds. The grid's extent ({@code split},
   * {@code task}, {@code arch}, {@code seed}, {@code baselines}) is left out: every cell is
   * committed on its own under an id naming its protocol, task, body and seed, so widening the
   * grid over a folder fits only the new cells, and the split assignment is checked against the
   * stored one by itself. The trainer is left out as a choice between equivalent engines; each
   * cell's {@code trainer} column says which fitted it.
   */
  public String canonical() {
    return "MetaConfig[inputs=" + inputs + ", embed=" + embed + ", layers=" + layers + ", heads="
        + heads + ", ff=" + ff + ", learningRate=" + learningRate + ", epochs=" + epochs
        + ", patience=" + patience + ", batchSize=" + batchSize + ", gbtIterations="
        + gbtIterations + ", noise=" + noise + ", level=" + level + "]";
  }

  /** Width of the concatenated inputs: 470 for the study's four vectors. */
  public int featureCount() {
    return inputs.stream().mapToInt(MetaInput::size).sum();
  }

  private static <T> List<T> distinct(List<T> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
