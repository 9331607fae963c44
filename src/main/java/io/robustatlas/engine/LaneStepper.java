package io.robustatlas.engine;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.LeNetWeights.Conv;
import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.Pooling;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNetParameters;
import java.util.function.Supplier;

/**
 * Minibatch steps of one LeNet-5 on the lane engines: the training counterpart of {@link
 * LanePredictor}. A batch is cut into units of {@link UnitPass#IMAGES} images; the task's threads
 * take contiguous ranges of units ({@link WorkerPool}), each unit's forward and backward passes
 * write the unit's own gradient, and the units' gradients are summed in unit order inside the
 * update ({@link UpdateRule}), which the threads split by parameter. What a unit computes and the
 * order of every sum are the same for any thread count: the trained parameters are the same bits
 * with 1, 2 or 3 threads.
 *
 * <p>The parameters live in one flat vector ({@link TrainingLayout}); before each batch they are
 * copied into the kernels' layout ({@link LeNetWeights}, shared by the threads' kernels), along
 * with conv2's input-gradient convolution. Buffers are allocated once. Used by one thread at a
 * time.
 */
public final class LaneStepper {
  private final WorkerPool pool;
  private final UnitPass[] passes;
  private final UpdateRule rule;
  private final float[] params;
  private final LeNetWeights weights;
  private final Conv gradientConv;
  private float[][] partials = new float[0][];
  private double[] unitLoss = new double[0];

  private LaneStepper(
      TrainSpec spec,
      LeNetParameters initial,
      LeNetWeights weights,
      int threads,
      Supplier<UnitPass> make) {
    this.pool = new WorkerPool(threads, "lane-trainer");
    this.weights = weights;
    this.gradientConv = LeNetWeights.inputGradient(weights.conv2, initial.weights().get(1));
    this.passes = new UnitPass[threads];
    for (int t = 0; t < threads; t++) {
      passes[t] = make.get();
    }
    this.params = TrainingLayout.flatten(initial);
    this.rule = new UpdateRule(spec, params.length);
  }

  /**
   * Whether the lane trainer has {@code architecture}'s forward and backward passes: its backward
   * pass is ReLU's and max pooling's, and it draws no dropout masks. DL4J trains the grid's other
   * variants.
   */
  public static boolean trains(Architecture architecture) {
    return architecture.equals(Architecture.LENET5);
  }

  /** What {@link #trains} says, for messages. */
  public static final String TRAINS = "it trains ReLU / max-pool LeNet-5s without dropout";

  /**
   * A stepper for {@code spec}'s update rule starting from {@code initial}.
   *
   * @param kind {@link EngineKind#VECTOR}, {@link EngineKind#SCALAR} or {@link EngineKind#AUTO}
   * @param threads compute threads, the calling thread included
   * @throws IllegalStateException if {@code kind} is vector and {@link Engines#vectorAvailable()}
   *     is false
   * @throws IllegalArgumentException if {@code kind} is DL4J, which has its own trainer, or the
   *     spec's architecture is not one the lane trainer {@link #trains}
   */
  public static LaneStepper create(
      EngineKind kind, TrainSpec spec, LeNetParameters initial, int threads) {
    if (!trains(spec.architecture())) {
      throw new IllegalArgumentException(
          "The lane trainer cannot train " + spec.architecture() + ": " + TRAINS);
    }
    LeNetWeights weights =
        LeNetWeights.ofDl4jLayout(
            initial.weights(), initial.biases(), Activation.RELU, Pooling.MAX);
    return switch (Engines.resolve(kind)) {
      case VECTOR -> new LaneStepper(spec, initial, weights, threads,
          () -> new UnitPass(new VectorKernel(weights, true), new VectorBackprop(), weights));
      case SCALAR -> new LaneStepper(spec, initial, weights, threads,
          () -> new UnitPass(new ScalarKernel(weights, true), new ScalarBackprop(), weights));
      default -> throw new IllegalArgumentException("Not a lane engine: " + kind);
    };
  }

  /**
   * One step on images {@code order[start .. start + size − 1]}: returns their mean cross-entropy
   * at the parameters before the step. If that is NaN or infinite the parameters are left as they
   * were (training has diverged).
   */
  public double step(LabeledImages data, int[] order, int start, int size) {
    int units = gradients(data, order, start, size);
    double loss = meanLoss(units, size);
    if (Double.isFinite(loss)) {
      rule.begin();
      float[][] sums = partials;
      pool.split(
          pool.threads(), (t, from, to) -> rule.apply(sums, units, params, slice(from), slice(to)));
    }
    return loss;
  }

  /** The parameters now. */
  public LeNetParameters parameters() {
    return TrainingLayout.parameters(params);
  }

  /**
   * The gradient of the mean cross-entropy of images {@code order[start .. start + size − 1]}
   * without weight decay, as {@link LeNetParameters}, and their mean loss; no step is taken.
   */
  Gradient gradient(LabeledImages data, int[] order, int start, int size) {
    int units = gradients(data, order, start, size);
    float[] sum = partials[0].clone();
    for (int u = 1; u < units; u++) {
      for (int k = 0; k < sum.length; k++) {
        sum[k] += partials[u][k];
      }
    }
    return new Gradient(TrainingLayout.parameters(sum), meanLoss(units, size));
  }

  /** A gradient in the parameters' layout and the loss it belongs to. */
  record Gradient(LeNetParameters values, double loss) {}

  /** The boundary of thread {@code part}'s slice of the parameter vector. */
  private int slice(int part) {
    return (int) ((long) params.length * part / pool.threads());
  }

  /** Runs every unit of the batch into {@link #partials}; returns the number of units. */
  private int gradients(LabeledImages data, int[] order, int start, int size) {
    int units = (size + UnitPass.IMAGES - 1) / UnitPass.IMAGES;
    ensureUnits(units);
    // The pool's executor orders this write before the threads' reads.
    weights.assign(params, gradientConv);
    float scale = 1f / size;
    pool.split(
        units,
        (t, from, to) -> {
          for (int u = from; u < to; u++) {
            int first = start + u * UnitPass.IMAGES;
            int count = Math.min(UnitPass.IMAGES, size - u * UnitPass.IMAGES);
            unitLoss[u] =
                passes[t].run(data, order, first, count, scale, params, gradientConv, partials[u]);
          }
        });
    return units;
  }

  private double meanLoss(int units, int size) {
    double sum = 0;
    for (int u = 0; u < units; u++) {
      sum += unitLoss[u];
    }
    return sum / size;
  }

  private void ensureUnits(int units) {
    if (partials.length >= units) {
      return;
    }
    float[][] grown = new float[units][];
    System.arraycopy(partials, 0, grown, 0, partials.length);
    for (int u = partials.length; u < units; u++) {
      grown[u] = new float[params.length];
    }
    partials = grown;
    unitLoss = new double[units];
  }
}
