package io.robustatlas.model;

import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
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

  /** A network for one grid point that trains with {@code updater}, holding {@code parameters}. */
  public static MultiLayerNetwork create(
      TrainSpec spec, IUpdater updater, LeNetParameters parameters) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec, updater));
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
   * The network configuration for one grid point: {@code updater}, and weight decay as PyTorch's
   * {@code weight_decay} (l2·p added to the gradient of every parameter, biases included, before
   * the update rule: DL4J's {@code l2} and {@code l2Bias}).
   */
  public static MultiLayerConfiguration configuration(TrainSpec spec, IUpdater updater) {
    return new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(DataType.FLOAT)
        .updater(updater)
        .l2(spec.l2())
        .l2Bias(spec.l2())
        .list()
        .layer(conv("conv1", 6))
        .layer(maxPool("pool1"))
        .layer(conv("conv2", 16))
        .layer(maxPool("maxpool2"))
        .layer(dense("fc1", 120))
        .layer(dense("fc2", 84))
        .layer(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .name("logits")
                .nOut(CLASSES)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
        .build();
  }

  private static ConvolutionLayer conv(String name, int channels) {
    return new ConvolutionLayer.Builder(KERNEL, KERNEL)
        .name(name)
        .nOut(channels)
        .stride(1, 1)
        .activation(Activation.RELU)
        .build();
  }

  private static SubsamplingLayer maxPool(String name) {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .name(name)
        .kernelSize(2, 2)
        .stride(2, 2)
        .build();
  }

  private static DenseLayer dense(String name, int units) {
    return new DenseLayer.Builder().name(name).nOut(units).activation(Activation.RELU).build();
  }
}
