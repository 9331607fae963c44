package io.robustatlas.engine;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.data.Shuffle;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference engine: plain DL4J {@link MultiLayerNetwork} training and inference. Each epoch
 * visits the training set in an order drawn from (model seed, epoch), so a retried task trains the
 * same network.
 */
public final class Dl4jEngine implements Engine {

  @Override
  public TrainOutcome train(TrainSpec spec, LabeledImages data, int threads) {
    limitThreads(threads);
    MultiLayerNetwork network = LeNet5.create(spec);
    double[] epochLoss = new double[spec.epochs()];
    for (int epoch = 0; epoch < spec.epochs(); epoch++) {
      epochLoss[epoch] = trainEpoch(network, data, spec, epoch);
      if (!Double.isFinite(epochLoss[epoch])) {
        return new TrainOutcome(network, Arrays.copyOf(epochLoss, epoch + 1), true);
      }
    }
    return new TrainOutcome(network, epochLoss, false);
  }

  @Override
  public BatchPredictor predictor(MultiLayerNetwork network, int threads) {
    limitThreads(threads);
    return new Dl4jPredictor(network);
  }

  /** One pass over the data; returns the mean minibatch loss, or the first non-finite loss. */
  private static double trainEpoch(
      MultiLayerNetwork network, LabeledImages data, TrainSpec spec, int epoch) {
    int[] order = Shuffle.permutation(data.count(), spec.seed() * 1_000_003L + epoch);
    int inputSize = data.imageSize();
    double lossSum = 0;
    int batches = 0;
    for (int start = 0; start < order.length; start += spec.batchSize()) {
      int size = Math.min(spec.batchSize(), order.length - start);
      float[] features = new float[size * inputSize];
      float[] labels = new float[size * LabeledImages.CLASSES];
      for (int i = 0; i < size; i++) {
        int index = order[start + i];
        data.copyImage(index, features, i * inputSize);
        labels[i * LabeledImages.CLASSES + data.label(index)] = 1f;
      }
      INDArray x = Nd4j.create(features, new long[] {size, inputSize}, 'c');
      INDArray y = Nd4j.create(labels, new long[] {size, LabeledImages.CLASSES}, 'c');
      network.fit(x, y);
      double loss = network.score();
      if (!Double.isFinite(loss)) {
        return loss;
      }
      lossSum += loss;
      batches++;
    }
    return lossSum / batches;
  }

  /**
   * ND4J's native ops and BLAS use OpenMP threads; matching them to the Spark task's cores keeps
   * concurrent tasks from fighting over the same cores.
   */
  static void limitThreads(int threads) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
  }
}
