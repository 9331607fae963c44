package io.robustatlas.grid;

import java.io.Serializable;
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
 */
public record Grid(
    List<Optimizer> optimizers,
    List<Double> learningRates,
    List<Double> l2,
    List<Integer> epochs,
    List<Long> seeds,
    List<InitScheme> inits,
    List<Integer> batchSizes,
    int sample)
    implements Serializable {

  public Grid {
    optimizers = List.copyOf(optimizers);
    learningRates = List.copyOf(learningRates);
    l2 = List.copyOf(l2);
    epochs = List.copyOf(epochs);
    seeds = List.copyOf(seeds);
    inits = List.copyOf(inits);
    batchSizes = List.copyOf(batchSizes);
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
