package io.robustatlas.bench;

import io.robustatlas.config.DataConfig;
import io.robustatlas.data.IdxReader;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.train.Dl4jTrainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The benchmark's model: one LeNet-5 trained for 1 epoch (Adam, lr 0.01, batch 64) on the first
 * images of the bundled training set, saved in the work folder so every run of the benchmark (one
 * JVM per thread count) measures the same network. Its parameters are also written for the PyTorch
 * script as raw little-endian float32 files in DL4J's layouts ({@code <layer>_W.f32}, {@code
 * <layer>_b.f32}), with the clean samples ({@code samples.f32}) and their DL4J logits ({@code
 * clean_logits.f32}) so the script can check that it computes the same function.
 */
final class BenchModel {
  private BenchModel() {}

  /** The model in {@code dir}, trained and exported first if it is not there yet. */
  static MultiLayerNetwork loadOrTrain(Path dir, int trainImages, int threads) throws IOException {
    Path file = dir.resolve("model.zip");
    if (Files.exists(file)) {
      return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
    }
    LabeledImages data =
        new IdxReader(new Configuration())
            .read(DataConfig.TRAIN_IMAGES_DEFAULT, DataConfig.TRAIN_LABELS_DEFAULT, trainImages);
    TrainSpec spec =
        new TrainSpec(Optimizer.ADAM, 0.01, 0, 1, 1, InitScheme.DEFAULT, 64, data.fingerprint());
    long start = System.nanoTime();
    MultiLayerNetwork network = new Dl4jTrainer().train(spec, data, threads).network();
    System.out.printf(
        "trained LeNet-5 on %d images, 1 epoch, in %.1f s%n",
        data.count(), (System.nanoTime() - start) / 1e9);
    Files.createDirectories(dir);
    LeNetParameters parameters = LeNetParameters.of(network);
    for (int i = 0; i < LeNet5.WEIGHTED.size(); i++) {
      String layer = LeNet5.WEIGHTED.get(i).name();
      writeFloats(dir.resolve(layer + "_W.f32"), parameters.weights().get(i));
      writeFloats(dir.resolve(layer + "_b.f32"), parameters.biases().get(i));
    }
    ModelSerializer.writeModel(network, file.toFile(), false);
    return network;
  }

  /** The first {@code count} images of the bundled test set: the clean samples of the pairs. */
  static LabeledImages samples(int count) {
    return new IdxReader(new Configuration())
        .read(DataConfig.TEST_IMAGES_DEFAULT, DataConfig.TEST_LABELS_DEFAULT, count);
  }

  /** Writes the samples and their logits by {@code reference} for the PyTorch script's check. */
  static void exportSamples(Path dir, LabeledImages samples, BatchPredictor reference)
      throws IOException {
    float[] images = new float[samples.count() * LeNet5.INPUT_SIZE];
    for (int i = 0; i < samples.count(); i++) {
      samples.copyImage(i, images, i * LeNet5.INPUT_SIZE);
    }
    float[] logits = new float[samples.count() * LeNet5.CLASSES];
    reference.logits(images, samples.count(), logits);
    writeFloats(dir.resolve("samples.f32"), images);
    writeFloats(dir.resolve("clean_logits.f32"), logits);
  }

  private static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    Files.write(file, bytes.array());
  }
}
