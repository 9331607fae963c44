package io.robustatlas.explain;

import io.robustatlas.config.ExplainConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.LeNetParameters;
import io.robustatlas.model.ModelStore;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.spark.HadoopConf;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one Spark task: load one kept model, take its kernels' spectra, ablate each of its
 * 22 convolution channels on the engine, select the channels each probed image needs, and draw the
 * relevance map of each probed sample. Every random draw comes from {@link ExplainSeeds}, so a
 * retried task writes the same rows.
 */
final class ModelExplainer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelExplainer.class);

  private final Broadcast<LabeledImages> testData;
  private final ExplainConfig settings;
  private final EngineKind engine;
  private final boolean clip;
  private final long runSeed;
  private final float[] meanImage;
  private final HadoopConf hadoopConf;

  /**
   * @param engine the robustness stage's engine
   * @param clip the robustness stage's clipping of noisy pixels
   * @param meanImage the mean test image, the {@code mean} root point
   */
  ModelExplainer(
      Broadcast<LabeledImages> testData,
      ExplainConfig settings,
      EngineKind engine,
      boolean clip,
      long runSeed,
      float[] meanImage,
      HadoopConf hadoopConf) {
    this.testData = testData;
    this.settings = settings;
    this.engine = engine;
    this.clip = clip;
    this.runSeed = runSeed;
    this.meanImage = meanImage;
    this.hadoopConf = hadoopConf;
  }

  ExplainOutcome run(ExplainWork work) {
    String modelId = work.model().modelId();
    long start = System.nanoTime();
    MultiLayerNetwork network;
    try {
      network = ModelStore.load(work.model().modelPath(), hadoopConf.get());
    } catch (Exception | LinkageError e) {
      return ExplainOutcome.failed(
          modelId, "cannot load model zip " + work.model().modelPath() + ": " + e);
    }
    LeNetParameters params = LeNetParameters.of(network);
    LabeledImages test = testData.value();
    int[] samples = work.samples();
    float[] images = new float[samples.length * LeNet5.INPUT_SIZE];
    long[] seeds = new long[samples.length];
    for (int i = 0; i < samples.length; i++) {
      test.copyImage(samples[i], images, i * LeNet5.INPUT_SIZE);
      seeds[i] =
          ExplainSeeds.ablationSeed(
              runSeed, modelId, samples[i], settings.noise(), settings.level());
    }
    int threads = TaskContext.get() == null ? 1 : TaskContext.get().cpus();
    ChannelAblation ablation =
        new ChannelAblation(
            Engines.reweightable(engine, network, threads),
            params,
            new InputNoise(settings.noise(), settings.level(), clip),
            settings.copies());
    List<ChannelAblation.Variant> variants = ablation.variants(images, samples.length, seeds);
    LeNetBackprop backprop = new LeNetBackprop(params);
    List<GreedySelection.Selection> selections = new ArrayList<>();
    List<Row> pairs = new ArrayList<>();
    for (int i = 0; i < samples.length; i++) {
      float[] image = test.image(samples[i]);
      GreedySelection.Selection selection =
          GreedySelection.select(
              backprop, image, ChannelAblation.sampleErrors(variants, i), settings.maeFraction());
      selections.add(selection);
      int target = variants.get(0).predicted(i);
      float[] root = settings.root().of(image, settings.blurSigma(), meanImage);
      pairs.add(pairRow(modelId, samples[i], image, target,
          Relevance.of(backprop, image, root, target), selection));
    }
    List<Row> kernels =
        KernelRows.of(modelId, params, variants, labels(test, samples),
            GreedySelection.histogram(selections));
    LOG.info(
        "explain: model {} done: {} samples in {} s",
        modelId,
        samples.length,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return new ExplainOutcome(modelId, kernels, pairs, null);
  }

  private static int[] labels(LabeledImages test, int[] samples) {
    int[] labels = new int[samples.length];
    for (int i = 0; i < samples.length; i++) {
      labels[i] = test.label(samples[i]);
    }
    return labels;
  }

  /** A row of {@link ExplainTables#PAIRS}, columns in schema order. */
  private Row pairRow(
      String modelId,
      int sample,
      float[] image,
      int target,
      Relevance relevance,
      GreedySelection.Selection selection) {
    int[] selected = java.util.Arrays.copyOf(selection.order(), selection.needed());
    return RowFactory.create(
        modelId,
        sample,
        target,
        settings.root().toString(),
        image,
        relevance.gradient(),
        relevance.taylor(),
        relevance.logit(),
        relevance.rootLogit(),
        relevance.taylorSum(),
        relevance.concentration(),
        selection.needed(),
        selected,
        selection.error(),
        selection.threshold());
  }
}
