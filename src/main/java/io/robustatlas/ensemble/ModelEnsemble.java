package io.robustatlas.ensemble;

import io.robustatlas.config.EnsembleConfig;
import io.robustatlas.config.NoiseSetting;
import io.robustatlas.config.RobustnessConfig;
import io.robustatlas.data.LabeledImages;
import io.robustatlas.model.LeNet5;
import io.robustatlas.model.ModelStore;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.robustness.KeptModel;
import io.robustatlas.spark.HadoopConf;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one Spark task on one model, in two passes: {@link #learn} gives the members'
 * probabilities on the learning slice (for the driver to fit the learned voters), {@link #evaluate}
 * scores the single model and every ensemble on the whole test set, clean and under each input
 * noise kind and level. Both rebuild the same members from (run seed, model id, α), so a retried
 * task computes the same values (only images/s, a measured time, differs).
 */
final class ModelEnsemble implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelEnsemble.class);

  private final Broadcast<LabeledImages> testData;
  private final Broadcast<LabeledImages> learnData;
  private final EnsembleConfig ensemble;
  private final RobustnessConfig robustness;
  private final long runSeed;
  private final HadoopConf hadoopConf;

  ModelEnsemble(
      Broadcast<LabeledImages> testData,
      Broadcast<LabeledImages> learnData,
      EnsembleConfig ensemble,
      RobustnessConfig robustness,
      long runSeed,
      HadoopConf hadoopConf) {
    this.testData = testData;
    this.learnData = learnData;
    this.ensemble = ensemble;
    this.robustness = robustness;
    this.runSeed = runSeed;
    this.hadoopConf = hadoopConf;
  }

  /** First pass: every member's probabilities on the learning slice. */
  ModelOutcome learn(KeptModel model) {
    Members members;
    try {
      members = members(model);
    } catch (Exception | LinkageError e) {
      return cannotLoad(model, e);
    }
    LabeledImages learn = learnData.value();
    float[][] probs = members.predict(images(learn, null), learn.count()).probs();
    return new ModelOutcome(model.modelId(), probs, List.of(), null);
  }

  private static ModelOutcome cannotLoad(KeptModel model, Throwable e) {
    return ModelOutcome.failed(
        model.modelId(), "cannot load model zip " + model.modelPath() + ": " + e);
  }

  /** Second pass: the table rows of one model. */
  ModelOutcome evaluate(EnsembleWork work) {
    KeptModel model = work.model();
    long start = System.nanoTime();
    Members members;
    try {
      members = members(model);
    } catch (Exception | LinkageError e) {
      return cannotLoad(model, e);
    }
    LabeledImages test = testData.value();
    int[] labels = new int[test.count()];
    java.util.Arrays.setAll(labels, test::label);
    List<Row> rows = new ArrayList<>();
    for (InputNoise condition : conditions()) {
      Members.Outputs outputs = members.predict(images(test, condition), test.count());
      rows.addAll(rows(model.modelId(), condition, labels, outputs, work.forests()));
    }
    LOG.info(
        "ensemble: model {} done: {} rows in {} s",
        model.modelId(),
        rows.size(),
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return new ModelOutcome(model.modelId(), null, rows, null);
  }

  private Members members(KeptModel model) throws java.io.IOException {
    MultiLayerNetwork network = ModelStore.load(model.modelPath(), hadoopConf.get());
    int threads = TaskContext.get() == null ? 1 : TaskContext.get().cpus();
    return new Members(
        network,
        robustness.engine(),
        threads,
        ensemble.maxCopies(),
        ensemble.alpha(),
        runSeed,
        model.modelId());
  }

  /** The test set's conditions: clean (null) first, then each input noise kind and level. */
  private List<InputNoise> conditions() {
    List<InputNoise> conditions = new ArrayList<>();
    conditions.add(null);
    for (NoiseSetting setting : robustness.noise()) {
      if (setting.kind().perturbsInput()) {
        for (double level : setting.levels()) {
          conditions.add(new InputNoise(setting.kind(), level, robustness.clip()));
        }
      }
    }
    return conditions;
  }

  /** Every image of {@code data}, clean or with its seeded noise of {@code condition}. */
  private float[] images(LabeledImages data, InputNoise condition) {
    int size = LeNet5.INPUT_SIZE;
    float[] images = new float[data.count() * size];
    for (int i = 0; i < data.count(); i++) {
      if (condition == null) {
        data.copyImage(i, images, i * size);
      } else {
        long seed = EnsembleSeeds.testNoise(runSeed, condition.kind(), condition.level(), i);
        condition.copiesOf(data.image(i), seed, 0).write(0, 1, images, i * size);
      }
    }
    return images;
  }

  /** The single model's row, then hard, soft and learned voting per ensemble size. */
  private List<Row> rows(
      String modelId,
      InputNoise condition,
      int[] labels,
      Members.Outputs outputs,
      List<RandomForestClassificationModel> forests) {
    Scorer scorer = new Scorer(modelId, condition, labels);
    List<Row> rows = new ArrayList<>();
    rows.add(scorer.row(0, Voting.SINGLE, outputs.labels()[0], outputs.nanos()[0]));
    List<Integer> sizes = ensemble.copies();
    for (int s = 0; s < sizes.size(); s++) {
      int copies = sizes.get(s);
      int members = copies + 1;
      long memberNanos = 0;
      for (int m = 0; m < members; m++) {
        memberNanos += outputs.nanos()[m];
      }
      long start = System.nanoTime();
      int[] hard = Voting.hard(outputs.labels(), members);
      long hardEnd = System.nanoTime();
      int[] soft = Voting.soft(outputs.probs(), members);
      long softEnd = System.nanoTime();
      int[] learned = LearnedVoter.predict(forests.get(s), outputs.probs(), members);
      long learnedEnd = System.nanoTime();
      rows.add(scorer.row(copies, Voting.HARD, hard, memberNanos + hardEnd - start));
      rows.add(scorer.row(copies, Voting.SOFT, soft, memberNanos + softEnd - hardEnd));
      rows.add(scorer.row(copies, Voting.LEARNED, learned, memberNanos + learnedEnd - softEnd));
    }
    return rows;
  }

  /** Makes the rows of one model under one condition. */
  private final class Scorer {
    private final String modelId;
    private final String noise;
    private final double level;
    private final int[] labels;

    Scorer(String modelId, InputNoise condition, int[] labels) {
      this.modelId = modelId;
      this.noise = condition == null ? EnsembleTable.CLEAN : condition.kind().toString();
      this.level = condition == null ? 0 : condition.level();
      this.labels = labels;
    }

    /** A row of {@link EnsembleTable#SCHEMA}; {@code nanos} is the inference time it took. */
    Row row(int copies, Voting voting, int[] predicted, long nanos) {
      ClassificationMetrics metrics = ClassificationMetrics.of(labels, predicted);
      return RowFactory.create(
          modelId,
          copies,
          voting.toString(),
          noise,
          level,
          voting == Voting.SINGLE ? 0.0 : ensemble.alpha(),
          labels.length,
          metrics.accuracy(),
          metrics.balancedAccuracy(),
          metrics.kappa(),
          metrics.classAccuracy(),
          labels.length / (nanos / 1e9));
    }
  }
}
