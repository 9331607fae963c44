package io.robustatlas.train;

import io.robustatlas.random.Seeds;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout, as DL4J's and PyTorch's: in training each input is dropped (set to 0) with
 * probability {@code rate} and the others are scaled by 1 / (1 − rate), so inference, which never
 * drops, sees inputs of the same expectation; the gradient flows back through the same mask.
 *
 * <p>Why not DL4J's own {@code Dropout}: it draws its masks from ND4J's native generator, which
 * does not reproduce its draws for a seed, so a retried Spark task would train another model under
 * the same id. Here the mask of each step is a pure function of (model seed, layer, iteration),
 * drawn in Java from a stream derived by {@link Seeds} under the tag {@code dropout}: the same
 * model is trained bit for bit on every retry. DL4J's iteration counter is the number of minibatch
 * steps taken so far, the same on every run of a model. Only training uses this class: model zips
 * are published with DL4J's stock {@code Dropout} (it never acts in inference), so any DL4J code
 * loads them.
 */
public final class SeededDropout implements IDropout {
  private static final long serialVersionUID = 1L;
  private static final long DOMAIN = Seeds.tag("dropout");

  private double rate;
  private long modelSeed;
  private int layer;
  private transient INDArray mask;

  /** For DL4J's JSON (de)serialisation of configurations. */
  public SeededDropout() {}

  /**
   * @param rate probability of dropping an input, in (0, 1)
   * @param modelSeed the model's seed
   * @param layer the DL4J index of the layer whose inputs are dropped
   */
  public SeededDropout(double rate, long modelSeed, int layer) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "Cannot drop inputs with probability " + rate + ": must be above 0 and below 1");
    }
    this.rate = rate;
    this.modelSeed = modelSeed;
    this.layer = layer;
  }

  /**
   * The mask of one step, in row-major order of the layer's input: 0 with probability {@code
   * rate}, else 1 / (1 − rate).
   */
  static float[] mask(double rate, long modelSeed, int layer, int iteration, int size) {
    SplittableRandom random = Seeds.stream(Seeds.derive(DOMAIN, modelSeed, layer, iteration));
    float kept = (float) (1 / (1 - rate));
    float[] mask = new float[size];
    for (int i = 0; i < size; i++) {
      mask[i] = random.nextDouble() < rate ? 0f : kept;
    }
    return mask;
  }

  @Override
  public INDArray applyDropout(
      INDArray inputActivations,
      INDArray output,
      int iteration,
      int epoch,
      LayerWorkspaceMgr workspaceMgr) {
    float[] values = mask(rate, modelSeed, layer, iteration, (int) output.length());
    // Detached: the mask lives from the forward pass to the backward pass, across workspaces.
    try (MemoryWorkspace detached = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      mask = Nd4j.create(values, output.shape(), 'c').castTo(output.dataType());
    }
    Nd4j.getExecutioner().exec(new MulOp(inputActivations, mask, output));
    return output;
  }

  @Override
  public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
    if (mask == null) {
      throw new IllegalStateException("Cannot backpropagate through dropout: no forward pass");
    }
    Nd4j.getExecutioner().exec(new MulOp(gradAtOutput, mask, gradAtInput));
    mask = null;
    return gradAtInput;
  }

  @Override
  public void clear() {
    mask = null;
  }

  @Override
  public SeededDropout clone() {
    return new SeededDropout(rate, modelSeed, layer);
  }

  public double getRate() {
    return rate;
  }

  public void setRate(double rate) {
    this.rate = rate;
  }

  public long getModelSeed() {
    return modelSeed;
  }

  public void setModelSeed(long modelSeed) {
    this.modelSeed = modelSeed;
  }

  public int getLayer() {
    return layer;
  }

  public void setLayer(int layer) {
    this.layer = layer;
  }
}
