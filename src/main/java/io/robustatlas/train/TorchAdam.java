package io.robustatlas.train;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adam exactly as PyTorch's {@code torch.optim.Adam} (the study's optimizer), as a DL4J updater,
 * so the DL4J reference trainer follows the study's rule. With t = iteration + 1:
 *
 * <pre>
 * m ← β1·m + (1 − β1)·g      v ← β2·v + (1 − β2)·g²
 * update = lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 *
 * DL4J's own {@code Adam} computes {@code lr·√(1 − β2^t)/(1 − β1^t) · m / (√v + ε)}: ε added
 * before the bias correction, which is PyTorch's rule with ε scaled by 1/√(1 − β2^t), 31.6 times
 * at the first step. For gradients near ε (dead or rarely active units) the two steps differ by a
 * large factor. Only training uses this class: model zips are published with DL4J's stock {@code
 * Adam} in their configuration (they hold no updater state), so any DL4J code loads them.
 */
public final class TorchAdam implements IUpdater {
  private static final long serialVersionUID = 1L;
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private double learningRate;

  /** For DL4J's JSON (de)serialisation of configurations. */
  public TorchAdam() {
    this(1e-3);
  }

  public TorchAdam(double learningRate) {
    this.learningRate = learningRate;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public long stateSize(long numParams) {
    return 2 * numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    long[] gradientShape = Arrays.copyOf(viewArray.shape(), viewArray.rank());
    gradientShape[gradientShape.length - 1] /= 2;
    TorchAdamUpdater updater = new TorchAdamUpdater(this);
    updater.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
    TorchAdamUpdater updater = new TorchAdamUpdater(this);
    updater.setState(state, initializeStateArrays);
    return updater;
  }

  @Override
  public TorchAdam clone() {
    return new TorchAdam(learningRate);
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    if (schedule != null) {
      throw new UnsupportedOperationException("TorchAdam has a fixed learning rate, as the study's");
    }
    this.learningRate = lr;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TorchAdam that && that.learningRate == learningRate;
  }

  @Override
  public int hashCode() {
    return Objects.hash(TorchAdam.class, learningRate);
  }

  @Override
  public String toString() {
    return "TorchAdam(lr=" + learningRate + ")";
  }
}
