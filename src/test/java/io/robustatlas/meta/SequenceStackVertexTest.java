package io.robustatlas.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The sequence layout: time step t of the stacked sequence is input t, element for element, in the
 * network built on the driver, in its clone (what dl4j-spark's workers train), after a JSON round
 * trip (what a saved zip holds) and after Java serialisation (what a Spark broadcast ships), for
 * batches of any size. Values are compared exactly: stacking copies floats, it computes nothing.
 */
class SequenceStackVertexTest {
  private static final int STEPS = 3;
  private static final int WIDTH = 4;

  private static ComputationGraph network() {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .updater(new Adam(0.01))
            .graphBuilder()
            .addInputs("a", "b", "c")
            .setInputTypes(
                InputType.feedForward(WIDTH), InputType.feedForward(WIDTH), InputType.feedForward(WIDTH))
            .addVertex("sequence", new SequenceStackVertex(STEPS), "a", "b", "c")
            .addLayer("lstm", new LastTimeStep(new LSTM.Builder().nOut(5).build()), "sequence")
            .addLayer(
                "out",
                new OutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.SIGMOID).build(),
                "lstm")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  private static INDArray[] inputs(int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    INDArray[] inputs = new INDArray[STEPS];
    for (int t = 0; t < STEPS; t++) {
      float[] values = new float[batch * WIDTH];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextGaussian();
      }
      inputs[t] = Nd4j.create(values, new long[] {batch, WIDTH}, 'c');
    }
    return inputs;
  }

  /** Asserts sequence[b, e, t] == input_t[b, e] for every b, e, t. */
  private static void assertStepsAreInputs(ComputationGraph graph, int batch) {
    INDArray[] in = inputs(batch, batch);
    INDArray sequence = graph.feedForward(in, false).get("sequence");
    assertEquals(3, sequence.rank());
    assertEquals(batch, sequence.size(0));
    assertEquals(WIDTH, sequence.size(1));
    assertEquals(STEPS, sequence.size(2));
    for (int t = 0; t < STEPS; t++) {
      for (int b = 0; b < batch; b++) {
        for (int e = 0; e < WIDTH; e++) {
          assertEquals(
              in[t].getFloat(b, e), sequence.getFloat(b, e, t), 0f, "step " + t + " row " + b + " col " + e);
        }
      }
    }
  }

  @Test
  void stepTIsInputTOnTheDriver() {
    assertStepsAreInputs(network(), 5);
  }

  @Test
  void stepTIsInputTInAClone() {
    ComputationGraph original = network();
    assertStepsAreInputs(original.clone(), 5);
    ComputationGraph fromClonedConf = new ComputationGraph(original.getConfiguration().clone());
    fromClonedConf.init(original.params().dup(), false);
    assertStepsAreInputs(fromClonedConf, 6);
    assertOutputsEqual(original, fromClonedConf, 6);
  }

  @Test
  void stepTIsInputTAfterAJsonRoundTrip() {
    ComputationGraph original = network();
    ComputationGraph restored =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(original.getConfiguration().toJson()));
    restored.init(original.params().dup(), false);
    assertStepsAreInputs(restored, 5);
    assertOutputsEqual(original, restored, 5);
  }

  @Test
  void stepTIsInputTAfterJavaSerialisation() throws IOException, ClassNotFoundException {
    ComputationGraph original = network();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original.getConfiguration());
    }
    ComputationGraphConfiguration shipped;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (ComputationGraphConfiguration) in.readObject();
    }
    ComputationGraph restored = new ComputationGraph(shipped.clone());
    restored.init(original.params().dup(), false);
    assertStepsAreInputs(restored, 4);
    assertOutputsEqual(original, restored, 4);
  }

  @Test
  void scoresBatchesOfOtherSizesThanItWasTrainedOn() {
    ComputationGraph graph = network();
    graph.fit(new MultiDataSet(inputs(8, 1), new INDArray[] {Nd4j.rand(DataType.FLOAT, 8, 1)}));
    INDArray[] seven = inputs(7, 2);
    INDArray together = graph.output(false, seven)[0];
    assertEquals(7, together.size(0));
    for (int b = 0; b < 7; b++) {
      INDArray[] one = new INDArray[STEPS];
      for (int t = 0; t < STEPS; t++) {
        one[t] = seven[t].getRow(b, true);
      }
      // A row's output must not depend on its batch: same floats up to BLAS summation order.
      assertEquals(together.getFloat(b, 0), graph.output(false, one)[0].getFloat(0, 0), 1e-6f);
    }
    assertStepsAreInputs(graph, 3);
    assertStepsAreInputs(graph, 1);
  }

  private static void assertOutputsEqual(ComputationGraph a, ComputationGraph b, int batch) {
    INDArray[] in = inputs(batch, 99);
    assertEquals(a.output(false, in)[0], b.output(false, in)[0]);
  }
}
