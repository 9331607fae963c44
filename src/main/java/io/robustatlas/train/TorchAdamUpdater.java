package io.robustatlas.train;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The state (first and second moments, views of DL4J's updater state array) and step of {@link
 * TorchAdam}. DL4J hands in the gradient, already averaged over the minibatch and with weight decay
 * added; the updater turns it, in place, into the step DL4J subtracts from the parameters.
 */
final class TorchAdamUpdater implements GradientUpdater<TorchAdam> {
  private static final String M = "M";
  private static final String V = "V";

  private final TorchAdam config;
  private INDArray m;
  private INDArray v;

  TorchAdamUpdater(TorchAdam config) {
    this.config = config;
  }

  @Override
  public TorchAdam getConfig() {
    return config;
  }

  @Override
  public void setState(Map<String, INDArray> state, boolean initialize) {
    if (!state.containsKey(M) || !state.containsKey(V) || state.size() != 2) {
      throw new IllegalStateException("TorchAdam state must hold exactly M and V: " + state.keySet());
    }
    m = state.get(M);
    v = state.get(V);
    if (initialize) {
      m.assign(0);
      v.assign(0);
    }
  }

  @Override
  public Map<String, INDArray> getState() {
    Map<String, INDArray> state = new HashMap<>();
    state.put(M, m);
    state.put(V, v);
    return state;
  }

  @Override
  public void setStateViewArray(INDArray view, long[] gradientShape, char order, boolean init) {
    if (init) {
      view.assign(0);
    }
    long half = view.length() / 2;
    INDArray flat = view.reshape(view.length());
    m = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, half)), gradientShape, order == 'f');
    v = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(half, 2 * half)), gradientShape, order == 'f');
    if (m == null || v == null) {
      throw new IllegalStateException("Cannot view TorchAdam's state as the gradient's shape");
    }
  }

  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    int t = iteration + 1;
    double lr = config.getLearningRate(iteration, epoch);
    double correction1 = 1 - Math.pow(TorchAdam.BETA1, t);
    double correction2 = 1 - Math.pow(TorchAdam.BETA2, t);
    m.muli(TorchAdam.BETA1).addi(gradient.mul(1 - TorchAdam.BETA1));
    v.muli(TorchAdam.BETA2).addi(gradient.mul(gradient).muli(1 - TorchAdam.BETA2));
    INDArray denominator =
        Transforms.sqrt(v, true).divi(Math.sqrt(correction2)).addi(TorchAdam.EPSILON);
    gradient.assign(m.div(denominator).muli(lr / correction1));
  }
}
