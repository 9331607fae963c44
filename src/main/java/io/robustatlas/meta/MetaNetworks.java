package io.robustatlas.meta;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.random.Seeds;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Builds the meta-networks: one input per activation vector ({@code meta.inputs}, in order); for
 * the sequence bodies a dense ReLU encoder per input to {@code meta.embed} units, the encodings
 * stacked into a sequence (step t = input t, {@link SequenceStackVertex}), {@code meta.layers}
 * recurrent or attention layers; for the MLP the raw vectors concatenated and {@code meta.layers}
 * dense ReLU layers. The head is one sigmoid unit: the ratio (MSE) or P(correct) (cross-entropy).
 */
public final class MetaNetworks {
  static final String OUTPUT = "output";
  static final String SEQUENCE = "sequence";

  private static final long INIT_DOMAIN = Seeds.tag("meta-init");

  private MetaNetworks() {}

  /** A new network with weights drawn from {@code seed}. */
  public static ComputationGraph create(MetaConfig meta, MetaArch arch, MetaTask task, long seed) {
    ComputationGraph network = new ComputationGraph(configuration(meta, arch, task, updater(meta)));
    network.init();
    initialise(network, seed);
    return network;
  }

  /** The optimiser of every meta-network: Adam at {@code meta.learning-rate}. */
  static IUpdater updater(MetaConfig meta) {
    return new Adam(meta.learningRate());
  }

  /** The graph configuration, every parameter updated by {@code updater}. */
  public static ComputationGraphConfiguration configuration(
      MetaConfig meta, MetaArch arch, MetaTask task, IUpdater updater) {
    List<MetaInput> inputs = meta.inputs();
    String[] names = inputs.stream().map(MetaInput::column).toArray(String[]::new);
    GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.FLOAT)
            .updater(updater)
            .graphBuilder()
            .addInputs(names)
            .setInputTypes(inputs.stream().map(i -> InputType.feedForward(i.size())).toArray(InputType[]::new));
    String body = arch.sequential() ? sequenceBody(graph, meta, arch, names) : mlpBody(graph, meta, names);
    boolean regression = task == MetaTask.REGRESSION;
    graph.addLayer(
        OUTPUT,
        new OutputLayer.Builder(regression ? LossFunction.MSE : LossFunction.XENT)
            .nOut(1)
            .activation(Activation.SIGMOID)
            .build(),
        body);
    return graph.setOutputs(OUTPUT).build();
  }

  private static String sequenceBody(GraphBuilder graph, MetaConfig meta, MetaArch arch, String[] names) {
    String[] encoded = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      encoded[i] = "encode_" + names[i];
      graph.addLayer(encoded[i], dense(meta.embed()), names[i]);
    }
    graph.addVertex(SEQUENCE, new SequenceStackVertex(names.length), encoded);
    String previous = SEQUENCE;
    for (int l = 1; l <= meta.layers(); l++) {
      String name = arch + "_" + l;
      graph.addLayer(name, sequenceLayer(meta, arch, l == meta.layers()), previous);
      previous = name;
    }
    if (arch == MetaArch.ATTENTION) {
      graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous);
      previous = "pool";
    }
    return previous;
  }

  /** A recurrent layer (the last one reads out its last time step) or an attention layer. */
  private static Layer sequenceLayer(MetaConfig meta, MetaArch arch, boolean last) {
    int width = meta.embed();
    Layer layer =
        switch (arch) {
          case RNN -> new SimpleRnn.Builder().nOut(width).activation(Activation.TANH).build();
          case LSTM -> new LSTM.Builder().nOut(width).activation(Activation.TANH).build();
          case ATTENTION ->
              new SelfAttentionLayer.Builder()
                  .nOut(width)
                  .nHeads(meta.heads())
                  .headSize(width / meta.heads())
                  .projectInput(true)
                  .build();
          case MLP -> throw new IllegalArgumentException("mlp has no sequence layers");
          case GRU, TRANSFORMER ->
              throw new IllegalArgumentException(
                  "DL4J 1.0.0-M2 has no " + arch + " layer: only meta.trainer = engine fits it");
        };
    return last && arch != MetaArch.ATTENTION ? new LastTimeStep(layer) : layer;
  }

  private static String mlpBody(GraphBuilder graph, MetaConfig meta, String[] names) {
    String previous = "concatenated";
    graph.addVertex(previous, new MergeVertex(), names);
    for (int l = 1; l <= meta.layers(); l++) {
      String name = "dense_" + l;
      graph.addLayer(name, dense(meta.embed()), previous);
      previous = name;
    }
    return previous;
  }

  private static DenseLayer dense(int width) {
    return new DenseLayer.Builder().nOut(width).activation(Activation.RELU).build();
  }

  /**
   * Draws every weight from a Java generator seeded by (seed, parameter name): Xavier uniform
   * U(±√(6 / (fan_in + fan_out))). Biases keep DL4J's constant initial values (0, and 1 for the
   * LSTM forget gate). DL4J 1.0.0-M2's native generator does not reproduce its draws for a seed,
   * and a rerun must fit the same network.
   */
  static void initialise(ComputationGraph network, long seed) {
    for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
      String name = entry.getKey();
      if (name.endsWith("_b")) {
        continue;
      }
      INDArray view = entry.getValue();
      long[] shape = view.shape();
      long count = view.length();
      long fanIn = shape.length == 2 ? shape[0] : shape[shape.length - 1];
      double bound = Math.sqrt(6.0 / (fanIn + count / (double) fanIn));
      SplittableRandom random = Seeds.stream(Seeds.derive(INIT_DOMAIN, seed, Seeds.hash(name)));
      float[] values = new float[Math.toIntExact(count)];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
      }
      view.assign(Nd4j.create(values, shape, view.ordering()));
    }
  }
}
