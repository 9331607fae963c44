package io.robustatlas.grid;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The hyperparameter grid: every combination of the axes is one LeNet-5 variant. A domain value
 * built by the config reader ({@code config.GridSection}) from the {@code grid.*} keys, so the grid
 * itself knows nothing of configuration files.
 *
 * @param optimizers {@code sgd} and/or {@code adam}
 * @param learningRates learning rates, each &gt; 0
 * @param l2 weight decay coefficients (PyTorch's {@code weight_decay}), each ≥ 0
 * @param epochs training epochs, each ≥ 1
 * @param seeds model seeds (weight init and per-epoch shuffles)
 * @param inits weight initialisations
 * @param batchSizes minibatch sizes, each ≥ 1
 * @param sample 0 = the whole grid; N = N grid points drawn without replacement with the run seed
 * @param activations hidden-layer activations
 * @param poolings pooling kinds
 * @param dropouts dropout rates before fc1 and fc2 in training, each in [0, 1)
 */
public record Grid(
    List<Optimizer> optimizers,
    List<Double> learningRates,
    List<Double> l2,
    List<Integer> epochs,
    List<Long> seeds,
    List<InitScheme> inits,
    List<Integer> batchSizes,
    int sample,
    List<Activation> activations,
    List<Pooling> poolings,
    List<Double> dropouts)
    implements Serializable {

  /** LeNet-5's own architecture only. */
  public static final List<Activation> ACTIVATIONS_LENET5 =
      List.of(Architecture.LENET5.activation());

  public static final List<Pooling> POOLINGS_LENET5 = List.of(Architecture.LENET5.pooling());
  public static final List<Double> DROPOUTS_LENET5 = List.of(Architecture.LENET5.dropout());

  /** A grid of LeNet-5's own architecture: only the training hyperparameters vary. */
  public Grid(
      List<Optimizer> optimizers,
      List<Double> learningRates,
      List<Double> l2,
      List<Integer> epochs,
      List<Long> seeds,
      List<InitScheme> inits,
      List<Integer> batchSizes,
      int sample) {
    this(optimizers, learningRates, l2, epochs, seeds, inits, batchSizes, sample,
        ACTIVATIONS_LENET5, POOLINGS_LENET5, DROPOUTS_LENET5);
  }

  public Grid {
    optimizers = List.copyOf(optimizers);
    learningRates = List.copyOf(learningRates);
    l2 = List.copyOf(l2);
    epochs = List.copyOf(epochs);
    seeds = List.copyOf(seeds);
    inits = List.copyOf(inits);
    batchSizes = List.copyOf(batchSizes);
    activations = List.copyOf(activations);
    poolings = List.copyOf(poolings);
    dropouts = dropouts.stream().map(rate -> rate == 0 ? 0.0 : rate).toList(); // -0.0 is 0
  }

  /** Every combination of the architecture axes, in axis order. */
  public List<Architecture> architectures() {
    List<Architecture> all = new ArrayList<>();
    for (Activation activation : activations) {
      for (Pooling pooling : poolings) {
        for (double dropout : dropouts) {
          all.add(new Architecture(activation, pooling, dropout));
        }
      }
    }
    return all;
  }

  /** Number of points in the full grid (before sampling). */
  public long size() {
    return (long) optimizers.size()
        * learningRates.size()
        * l2.size()
        * epochs.size()
        * seeds.size()
        * inits.size()
        * batchSizes.size()
        * activations.size()
        * poolings.size()
        * dropouts.size();
  }

  /**
   * The record's usual text, with the architecture axes only when they are not LeNet-5's alone:
   * the train stage's identity hashes this text, so an output folder made before the axes existed
   * is still recognised as made by the same config.
   */
  @Override
  public String toString() {
    String axes =
        "Grid[optimizers=" + optimizers + ", learningRates=" + learningRates + ", l2=" + l2
            + ", epochs=" + epochs + ", seeds=" + seeds + ", inits=" + inits + ", batchSizes="
            + batchSizes + ", sample=" + sample;
    boolean lenet5Only =
        activations.equals(ACTIVATIONS_LENET5)
            && poolings.equals(POOLINGS_LENET5)
            && dropouts.equals(DROPOUTS_LENET5);
    return lenet5Only
        ? axes + "]"
        : axes + ", activations=" + activations + ", poolings=" + poolings + ", dropouts="
            + dropouts + "]";
  }
}
