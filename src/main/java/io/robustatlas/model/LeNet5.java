package io.robustatlas.model;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The original study's LeNet-5 for 28×28×1 inputs: conv 6@5×5 → ReLU → max-pool 2×2 → conv 16@5×5
 * → ReLU → max-pool 2×2 → dense 120 ReLU → dense 84 ReLU → dense 10 softmax (cross-entropy).
 * Layers are named as the pairs table names their activations.
 */
public final class LeNet5 {
  public static final int SIDE = 28;
  public static final int INPUT_SIZE = SIDE * SIDE;
  public static final int CLASSES = 10;

  /** DL4J layer names, in layer order; {@code logits} is the output layer (softmax applied). */
  public static final List<String> LAYERS =
      List.of("conv1", "pool1", "conv2", "maxpool2", "fc1", "fc2", "logits");

  /** Fan-in of each weighted layer, for PyTorch's default U(±1/√fan_in) init. */
  private static final int CONV1_FAN_IN = 5 * 5;
  private static final int CONV2_FAN_IN = 6 * 5 * 5;
  private static final int FC1_FAN_IN = 16 * 4 * 4;
  private static final int FC2_FAN_IN = 120;
  private static final int OUT_FAN_IN = 84;

  private LeNet5() {}

  /**
   * A new, initialised network for one grid point. The weights are drawn here from (model seed,
   * layer), not by DL4J: DL4J 1.0.0-M2's native random generator does not reproduce its draws for
   * a given seed, and a retried task must train exactly the same model.
   */
  public static MultiLayerNetwork create(TrainSpec spec) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec));
    network.init();
    SeededInit.apply(network, spec.init(), spec.seed());
    return network;
  }

  /** The network configuration for one grid point (optimizer, L2, init, seed). */
  public static MultiLayerConfiguration configuration(TrainSpec spec) {
    InitScheme init = spec.init();
    return new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(DataType.FLOAT)
        .updater(updater(spec.optimizer(), spec.learningRate()))
        .l2(spec.l2())
        .list()
        .layer(conv("conv1", 6, init, CONV1_FAN_IN))
        .layer(maxPool("pool1"))
        .layer(conv("conv2", 16, init, CONV2_FAN_IN))
        .layer(maxPool("maxpool2"))
        .layer(dense("fc1", 120, init, FC1_FAN_IN))
        .layer(dense("fc2", 84, init, FC2_FAN_IN))
        .layer(
            new OutputLayer.Builder(LossFunction.MCXENT)
                .name("logits")
                .nOut(CLASSES)
                .activation(Activation.SOFTMAX)
                .weightInit(weightInit(init, OUT_FAN_IN))
                .build())
        .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
        .build();
  }

  private static IUpdater updater(Optimizer optimizer, double learningRate) {
    return switch (optimizer) {
      case SGD -> new Sgd(learningRate);
      case ADAM -> new Adam(learningRate);
    };
  }

  private static ConvolutionLayer conv(String name, int channels, InitScheme init, int fanIn) {
    return new ConvolutionLayer.Builder(5, 5)
        .name(name)
        .nOut(channels)
        .stride(1, 1)
        .activation(Activation.RELU)
        .weightInit(weightInit(init, fanIn))
        .build();
  }

  private static SubsamplingLayer maxPool(String name) {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .name(name)
        .kernelSize(2, 2)
        .stride(2, 2)
        .build();
  }

  private static DenseLayer dense(String name, int units, InitScheme init, int fanIn) {
    return new DenseLayer.Builder()
        .name(name)
        .nOut(units)
        .activation(Activation.RELU)
        .weightInit(weightInit(init, fanIn))
        .build();
  }

  static IWeightInit weightInit(InitScheme init, int fanIn) {
    return switch (init) {
      case XAVIER -> WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
      case NORMAL -> new WeightInitDistribution(new NormalDistribution(0, 0.01));
      case KAIMING -> WeightInit.RELU_UNIFORM.getWeightInitFunction();
      case DEFAULT -> {
        double bound = 1 / Math.sqrt(fanIn);
        yield new WeightInitDistribution(new UniformDistribution(-bound, bound));
      }
    };
  }
}
