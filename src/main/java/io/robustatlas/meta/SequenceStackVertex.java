package io.robustatlas.meta;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stacks k feed-forward activations [batch, width] into one sequence [batch, width, k] (DL4J's
 * NCW recurrent layout): time step t is input t. DL4J 1.0.0-M2's own ways to do this are unsafe
 * for us: {@code StackVertex} + {@code FeedForwardToRnnPreProcessor} fixes the batch size it first
 * sees, and {@code ReshapeVertex.clone()} drops its reshape order, so the copies that dl4j-spark's
 * workers train reshape differently from the driver's network. This vertex keeps its one setting
 * (the step count) through {@link #clone()} and JSON, and works for any batch size.
 */
public final class SequenceStackVertex extends SameDiffVertex {
  private static final long serialVersionUID = 1L;

  private int steps;

  /** For JSON deserialisation only. */
  public SequenceStackVertex() {}

  /** A vertex that takes {@code steps} inputs of equal width. */
  public SequenceStackVertex(int steps) {
    this.steps = steps;
  }

  public int getSteps() {
    return steps;
  }

  public void setSteps(int steps) {
    this.steps = steps;
  }

  @Override
  public void defineParametersAndInputs(SDVertexParams params) {
    String[] names = new String[steps];
    for (int t = 0; t < steps; t++) {
      names[t] = "step_" + t;
    }
    params.defineInputs(names);
  }

  @Override
  public SDVariable defineVertex(
      SameDiff sameDiff,
      Map<String, SDVariable> layerInput,
      Map<String, SDVariable> paramTable,
      Map<String, SDVariable> maskVars) {
    List<String> names = getVertexParams().getInputs();
    SDVariable[] ordered = new SDVariable[names.size()];
    for (int t = 0; t < ordered.length; t++) {
      ordered[t] = layerInput.get(names.get(t));
    }
    return sameDiff.stack(2, ordered);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    // No parameters.
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
    if (vertexInputs.length != steps) {
      throw new InvalidInputTypeException(
          "SequenceStackVertex expects " + steps + " inputs, got " + vertexInputs.length);
    }
    long width = -1;
    for (InputType input : vertexInputs) {
      if (!(input instanceof InputType.InputTypeFeedForward feedForward)
          || (width >= 0 && feedForward.getSize() != width)) {
        throw new InvalidInputTypeException(
            "SequenceStackVertex expects feed-forward inputs of one width, got " + input);
      }
      width = feedForward.getSize();
    }
    return InputType.recurrent(width, steps);
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(
      INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
    // Every step of every example is present: no mask.
    return new Pair<>(null, currentMaskState);
  }

  @Override
  public GraphVertex clone() {
    return new SequenceStackVertex(steps);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SequenceStackVertex vertex && vertex.steps == steps;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(steps);
  }
}
