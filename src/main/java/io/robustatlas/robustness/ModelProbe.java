package io.robustatlas.robustness;

import io.robustatlas.config.NoiseSetting;
import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.data.Shuffle;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.Dl4jActivations;
import io.robustatlas.engine.Engines;
import io.robustatlas.engine.Predictions;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.model.ModelStore;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.noise.NoiseKind;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.spark.HadoopConf;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one Spark task: load one kept model once, select its samples, and measure every
 * (sample, noise kind, level) pair. All randomness comes from (run seed, model id, sample index,
 * kind, level) for input noise and (run seed, model id, α) for weight noise, so a retried or
 * speculative copy of the task produces the same rows.
 */
final class ModelProbe implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_BATCH_COPIES = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(ModelProbe.class);

  private final Broadcast<LabeledImages> testData;
  private final RobustnessConfig settings;
  private final long runSeed;
  private final HadoopConf hadoopConf;

  ModelProbe(
      Broadcast<LabeledImages> testData,
      RobustnessConfig settings,
      long runSeed,
      HadoopConf hadoopConf) {
    this.testData = testData;
    this.settings = settings;
    this.runSeed = runSeed;
    this.hadoopConf = hadoopConf;
  }

  ProbeOutcome run(KeptModel model) {
    LOG.info("robustness: model {} started", model.modelId());
    long start = System.nanoTime();
    MultiLayerNetwork network;
    try {
      network = ModelStore.load(model.modelPath(), hadoopConf.get());
    } catch (Exception | LinkageError e) {
      return ProbeOutcome.failed(
          model.modelId(), "cannot load model zip " + model.modelPath() + ": " + e);
    }
    int threads = TaskContext.get() == null ? 1 : TaskContext.get().cpus();
    BatchPredictor predictor = Engines.predictor(settings.engine(), network, threads);
    LabeledImages test = testData.value();
    float[] logits = Predictions.logits(predictor, test);
    int[] predicted = Predictions.argmax(logits);
    SampleSelection selection = select(model.modelId(), test, predicted);
    List<Row> pairs =
        measure(model.modelId(), network, predictor, threads, test, selection, logits);
    LOG.info(
        "robustness: model {} done: {} pairs in {} s with engine {}",
        model.modelId(),
        pairs.size(),
        String.format("%.1f", (System.nanoTime() - start) / 1e9),
        Engines.resolve(settings.engine()));
    return new ProbeOutcome(model.modelId(), pairs, counts(model.modelId(), selection, pairs), null);
  }

  private SampleSelection select(String modelId, LabeledImages test, int[] predicted) {
    int[] order = Shuffle.permutation(test.count(), NoiseSeeds.sampleOrderSeed(runSeed, modelId));
    int[] labels = new int[test.count()];
    Arrays.setAll(labels, test::label);
    return SampleSelection.select(
        order, labels, predicted, settings.correctPerClass(), settings.wrongPerClass());
  }

  private List<Row> measure(
      String modelId,
      MultiLayerNetwork network,
      BatchPredictor predictor,
      int threads,
      LabeledImages test,
      SampleSelection selection,
      float[] logits) {
    int[] samples = selection.samples();
    if (samples.length == 0) {
      return List.of();
    }
    float[] images = new float[samples.length * LeNet5.INPUT_SIZE];
    float[] selectedLogits = new float[samples.length * LeNet5.CLASSES];
    for (int i = 0; i < samples.length; i++) {
      test.copyImage(samples[i], images, i * LeNet5.INPUT_SIZE);
      System.arraycopy(
          logits, samples[i] * LeNet5.CLASSES, selectedLogits, i * LeNet5.CLASSES, LeNet5.CLASSES);
    }
    List<String> layers = PairsTable.layers(settings.allLayers());
    Map<String, float[]> activations = Dl4jActivations.of(network, images, samples.length, layers);
    List<Clean> cleans = new ArrayList<>();
    for (int i = 0; i < samples.length; i++) {
      cleans.add(clean(test, samples[i], logits, activations, layers, i, samples.length));
    }
    List<Row> rows = new ArrayList<>();
    for (NoiseSetting setting : settings.noise()) {
      if (setting.kind().perturbsInput()) {
        rows.addAll(inputNoise(modelId, predictor, setting, cleans));
      } else {
        WeightCopies copies =
            new WeightCopies(
                Engines.reweightable(settings.engine(), network, threads), LeNetParameters.of(network));
        for (double alpha : setting.levels()) {
          PairStats[] stats =
              copies.measure(
                  images,
                  selectedLogits,
                  samples.length,
                  alpha,
                  settings.copies(),
                  runSeed,
                  modelId);
          for (int i = 0; i < samples.length; i++) {
            rows.add(row(modelId, cleans.get(i), setting.kind(), alpha, stats[i]));
          }
        }
      }
    }
    return rows;
  }

  /** The pairs of one input noise kind: each sample's own seeded noisy copies, level by level. */
  private List<Row> inputNoise(
      String modelId, BatchPredictor predictor, NoiseSetting setting, List<Clean> cleans) {
    NoisyCopies noisy = new NoisyCopies(predictor, Math.min(settings.copies(), MAX_BATCH_COPIES));
    List<Row> rows = new ArrayList<>();
    for (double level : setting.levels()) {
      InputNoise noise = new InputNoise(setting.kind(), level, settings.clip());
      for (Clean clean : cleans) {
        long pairSeed =
            NoiseSeeds.pairSeed(setting.kind(), runSeed, modelId, clean.sampleIndex(), level);
        PairStats stats =
            noisy.measure(clean.image(), clean.logits(), noise, settings.copies(), pairSeed);
        rows.add(row(modelId, clean, setting.kind(), level, stats));
      }
    }
    return rows;
  }

  /** One selected sample, clean: its pixels, label, prediction, logits and activations. */
  private record Clean(
      int sampleIndex,
      int label,
      float[] image,
      float[] logits,
      float[] probs,
      List<float[]> activations) {}

  private static Clean clean(
      LabeledImages test,
      int sample,
      float[] allLogits,
      Map<String, float[]> activations,
      List<String> layers,
      int position,
      int count) {
    float[] logits =
        Arrays.copyOfRange(allLogits, sample * LeNet5.CLASSES, (sample + 1) * LeNet5.CLASSES);
    List<float[]> rowActivations = new ArrayList<>();
    for (String layer : layers) {
      float[] all = activations.get(layer);
      int width = all.length / count;
      rowActivations.add(Arrays.copyOfRange(all, position * width, (position + 1) * width));
    }
    return new Clean(
        sample, test.label(sample), test.image(sample), logits, probs(logits), rowActivations);
  }

  private static float[] probs(float[] logits) {
    double[] probs = new double[LeNet5.CLASSES];
    SoftmaxStats.softmax(logits, 0, LeNet5.CLASSES, probs);
    float[] asFloats = new float[LeNet5.CLASSES];
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      asFloats[c] = (float) probs[c];
    }
    return asFloats;
  }

  /** A row of {@link PairsTable#schema}, columns in schema order. */
  private static Row row(
      String modelId, Clean clean, NoiseKind kind, double level, PairStats stats) {
    int predicted = BatchPredictor.argmax(clean.logits(), 0, LeNet5.CLASSES);
    WilsonInterval interval = stats.interval();
    List<Object> values =
        new ArrayList<>(
            List.of(
                modelId,
                clean.sampleIndex(),
                clean.label(),
                predicted,
                predicted == clean.label(),
                kind.toString(),
                level,
                stats.copies(),
                stats.unchanged(),
                stats.ratio(),
                interval.low(),
                interval.high(),
                stats.meanKl(),
                stats.flipCounts()));
    values.addAll(clean.activations());
    values.add(clean.logits());
    values.add(clean.probs());
    return RowFactory.create(values.toArray());
  }

  private Row counts(String modelId, SampleSelection selection, List<Row> pairs) {
    int correctQuota = settings.correctPerClass();
    int wrongQuota = settings.wrongPerClass();
    return RowFactory.create(
        modelId,
        correctQuota,
        wrongQuota,
        selection.correctFound(),
        selection.wrongFound(),
        selection.samples().length,
        selection.shortfall(correctQuota, wrongQuota),
        pairs.size());
  }
}
