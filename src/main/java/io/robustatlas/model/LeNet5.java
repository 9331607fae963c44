package io.robustatlas.model;

import io.robustatlas.grid.Architecture;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import io.robustatlas.grid.TrainSpec;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The original study's LeNet-5 for 28×28×1 inputs: conv 6@5×5 → ReLU → max-pool 2×2 → conv 16@5×5
 * → ReLU → max-pool 2×2 → dense 120 ReLU → dense 84 ReLU → dense 10 softmax (cross-entropy).
 * Layers are named as the pairs table names their activations. The parameters are never drawn by
 * DL4J: {@link InitialWeights} draws them and they are written into the network.
 *
 * <p>The grid's {@link Architecture} swaps the hidden activation (every hidden layer alike), the
 * pooling kind (both pooling layers; the second keeps the name {@code maxpool2}, which the pairs
 * table uses) and adds dropout on the inputs of fc1 and fc2; the shapes never change. The choice
 * is held in the network's own configuration, so a model zip says what it is ({@link
 * #architectureOf}).
 */
public final class LeNet5 {
  public static final int SIDE = 28;
  public static final int INPUT_SIZE = SIDE * SIDE;
  public static final int CLASSES = 10;
  public static final int KERNEL = 5;

  /** DL4J layer names, in layer order; {@code logits} is the output layer (softmax applied). */
  public static final List<String> LAYERS =
      List.of("conv1", "pool1", "conv2", "maxpool2", "fc1", "fc2", "logits");

  /**
   * A layer with parameters.
   *
   * @param index its position in {@link #LAYERS}, DL4J's layer index
   * @param inputs input channels (convolution) or input features (dense)
   * @param outputs output channels or features: the bias length
   * @param kernelArea 25 for a 5×5 convolution, 1 for a dense layer
   */
  public record Weighted(String name, int index, int inputs, int outputs, int kernelArea) {
    /** PyTorch's fan-in: input channels × kernel area. */
    public int fanIn() {
      return inputs * kernelArea;
    }

    /** PyTorch's fan-out: output channels × kernel area. */
    public int fanOut() {
      return outputs * kernelArea;
    }

    public int weightCount() {
      return inputs * outputs * kernelArea;
    }
  }

  /** The weighted layers, in order: conv1, conv2, fc1, fc2, logits. */
  public static final List<Weighted> WEIGHTED =
      List.of(
          new Weighted("conv1", 0, 1, 6, KERNEL * KERNEL),
          new Weighted("conv2", 2, 6, 16, KERNEL * KERNEL),
          new Weighted("fc1", 4, 16 * 4 * 4, 120, 1),
          new Weighted("fc2", 5, 120, 84, 1),
          new Weighted("logits", 6, 84, CLASSES, 1));

  private LeNet5() {}

  /**
   * A new network for one grid point with its initial parameters ({@link InitialWeights}) and the
   * published updater ({@link #updater}): what the model zips hold.
   */
  public static MultiLayerNetwork create(TrainSpec spec) {
    return create(spec, updater(spec), InitialWeights.draw(spec.init(), spec.seed()));
  }

  /**
   * A network for one grid point that trains with {@code updater}, holding {@code parameters},
   * with the published dropout ({@link #configuration(TrainSpec, IUpdater)}).
   */
  public static MultiLayerNetwork create(
      TrainSpec spec, IUpdater updater, LeNetParameters parameters) {
    return create(configuration(spec, updater), parameters);
  }

  /** A network of {@code configuration} holding {@code parameters}. */
  public static MultiLayerNetwork create(
      MultiLayerConfiguration configuration, LeNetParameters parameters) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    parameters.copyInto(network);
    return network;
  }

  /**
   * The optimizer as a stock DL4J updater, as published in the model zips (which hold no updater
   * state): anyone's DL4J code loads them. The DL4J trainer replaces Adam by the study's rule.
   */
  public static IUpdater updater(TrainSpec spec) {
    return spec.optimizer() == Optimizer.SGD
        ? new Sgd(spec.learningRate())
        : new Adam(spec.learningRate());
  }

  /**
   * The network configuration for one grid point as published in the model zips: dropout, if any,
   * is DL4J's stock {@link Dropout} (which any DL4J code loads; it never acts in inference). The
   * DL4J trainer trains with its own seeded dropout instead ({@link #configuration(TrainSpec,
   * IUpdater, IntFunction)}).
   */
  public static MultiLayerConfiguration configuration(TrainSpec spec, IUpdater updater) {
    double retain = 1 - spec.architecture().dropout();
    return configuration(spec, updater, layer -> new Dropout(retain));
  }

  /**
   * The network configuration for one grid point: {@code updater}, and weight decay as PyTorch's
   * {@code weight_decay} (l2·p added to the gradient of every parameter, biases included, before
   * the update rule: DL4J's {@code l2} and {@code l2Bias}).
   *
   * @param dropout the dropout of the inputs of the dense layer of a given index (fc1: 4, fc2: 5),
   *     used only when the spec's architecture drops
   */
  public static MultiLayerConfiguration configuration(
      TrainSpec spec, IUpdater updater, IntFunction<IDropout> dropout) {
    Architecture architecture = spec.architecture();
    IntFunction<IDropout> dropouts = architecture.drops() ? dropout : layer -> null;
    Activation activation = dl4j(architecture.activation());
    return new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(DataType.FLOAT)
        .updater(updater)
        .l2(spec.l2())
        .l2Bias(spec.l2())
        .list()
        .layer(conv("conv1", 6, activation))
        .layer(pool("pool1", architecture.pooling()))
        .layer(conv("conv2", 16, activation))
        .layer(pool("maxpool2", architecture.pooling()))
        .layer(dense("fc1", 120, activation, dropouts.apply(LAYERS.indexOf("fc1"))))
        .layer(dense("fc2", 84, activation, dropouts.apply(LAYERS.indexOf("fc2"))))
        .layer(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .name("logits")
                .nOut(CLASSES)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
        .build();
  }

  /**
   * The activation and pooling a LeNet-5 network was built with, read from its configuration (a
   * loaded zip included); the dropout is 0, as inference never drops.
   *
   * @throws IllegalArgumentException if its hidden layers do not share one of the grid's
   *     activations or its pooling layers one pooling kind: not a network of this grid
   */
  public static Architecture architectureOf(MultiLayerNetwork network) {
    List<IActivation> activations =
        Stream.of("conv1", "conv2", "fc1", "fc2")
            .map(name -> ((BaseLayer) layerConf(network, name)).getActivationFn())
            .distinct()
            .toList();
    List<PoolingType> poolings =
        Stream.of("pool1", "maxpool2")
            .map(name -> ((SubsamplingLayer) layerConf(network, name)).getPoolingType())
            .distinct()
            .toList();
    io.robustatlas.grid.Activation activation =
        Stream.of(io.robustatlas.grid.Activation.values())
            .filter(a -> List.of(dl4j(a).getActivationFunction()).equals(activations))
            .findFirst()
            .orElseThrow(() -> notOfTheGrid("hidden activations " + activations));
    Pooling pooling =
        Stream.of(Pooling.values())
            .filter(p -> List.of(dl4j(p)).equals(poolings))
            .findFirst()
            .orElseThrow(() -> notOfTheGrid("pooling " + poolings));
    return new Architecture(activation, pooling, 0);
  }

  private static org.deeplearning4j.nn.conf.layers.Layer layerConf(
      MultiLayerNetwork network, String name) {
    return network.getLayerWiseConfigurations().getConf(LAYERS.indexOf(name)).getLayer();
  }

  private static IllegalArgumentException notOfTheGrid(String what) {
    return new IllegalArgumentException(
        "Cannot read a LeNet-5 with " + what + ": its hidden layers must share one of "
            + List.of(io.robustatlas.grid.Activation.values()) + " and its pooling layers one of "
            + List.of(Pooling.values()));
  }

  private static Activation dl4j(io.robustatlas.grid.Activation activation) {
    return switch (activation) {
      case RELU -> Activation.RELU;
      case TANH -> Activation.TANH;
      case SIGMOID -> Activation.SIGMOID;
      case ELU -> Activation.ELU;
    };
  }

  private static PoolingType dl4j(Pooling pooling) {
    return pooling == Pooling.MAX ? PoolingType.MAX : PoolingType.AVG;
  }

  private static ConvolutionLayer conv(String name, int channels, Activation activation) {
    return new ConvolutionLayer.Builder(KERNEL, KERNEL)
        .name(name)
        .nOut(channels)
        .stride(1, 1)
        .activation(activation)
        .build();
  }

  private static SubsamplingLayer pool(String name, Pooling pooling) {
    return new SubsamplingLayer.Builder(dl4j(pooling))
        .name(name)
        .kernelSize(2, 2)
        .stride(2, 2)
        .build();
  }

  /** A dense layer; {@code dropout} (null for none) acts on its inputs in training. */
  private static DenseLayer dense(
      String name, int units, Activation activation, IDropout dropout) {
    DenseLayer.Builder builder =
        new DenseLayer.Builder().name(name).nOut(units).activation(activation);
    return (dropout == null ? builder : builder.dropOut(dropout)).build();
  }
}
