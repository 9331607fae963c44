package io.robustatlas.config;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.grid.Activation;
import io.robustatlas.grid.Grid;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.Pooling;
import io.robustatlas.noise.NoiseKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HOCON + --set loading: typed values, precedence, and messages that say what and where. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private File conf;

  @BeforeEach
  void emptyConfig() throws IOException {
    conf = write("");
  }

  private File write(String hocon) throws IOException {
    Path file = dir.resolve("conf").resolve("atlas.conf");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, hocon).toFile();
  }

  private AtlasConfig load(String... overrides) {
    return ConfigLoader.load(conf, List.of(overrides));
  }

  /** Loads, expecting a ConfigException; returns its message. */
  private String failure(String... overrides) {
    return assertBadInput(ConfigException.class, () -> load(overrides));
  }

  @Test
  void unknownKeyInFileNamesFileLineAndSuggestion() throws IOException {
    conf = write("run.seed = 1\ngrid {\n  epoch = [2]\n}\n");
    assertEquals(
        "Unknown config key grid.epoch (" + conf.getPath() + ":3); did you mean grid.epochs?",
        failure());
  }

  @Test
  void unknownKeyViaSetNamesTheSetAndSuggestion() {
    assertEquals(
        "Unknown config key robustness.copeis (--set robustness.copeis=5);"
            + " did you mean robustness.copies?",
        failure("robustness.copeis=5"));
  }

  @Test
  void wrongTypeInFileShowsListOnOneLine() throws IOException {
    conf = write("grid {\n  epochs = [1, abc]\n}\n");
    assertEquals(
        "Cannot set grid.epochs to [1,\"abc\"]: must be a non-empty list of integers between 1"
            + " and 10000 (" + conf.getPath() + ":2)",
        failure());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          grid.epochs=abc | "abc" | a non-empty list of integers between 1 and 10000
          robustness.clip=maybe | "maybe" | true or false
          grid.seed=[] | [] | a non-empty list of integers (any)
          grid.learning-rate=0 | 0 | a non-empty list of numbers > 0
          grid.learning-rate=[0.1, -1] | [0.1,-1] | a non-empty list of numbers > 0
          grid.l2=-0.5 | -0.5 | a non-empty list of numbers ≥ 0
          robustness.copies=0 | 0 | an integer ≥ 1 (a positive integer)
          ensemble.alpha=-0.1 | -0.1 | a number ≥ 0
          ensemble.copies=[4, 0] | [4,0] | a non-empty list of integers between 1 and 1000
          robustness.correct-per-class=-1 | -1 | an integer ≥ 0
          robustness.wrong-per-class=-3 | -3 | an integer ≥ 0
          train.min-accuracy=1.5 | 1.5 | a number between 0 and 1
          grid.optimizer=[adam, rms] | ["adam","rms"] | a non-empty list of values one of sgd, adam
          grid.init=he | "he" | a non-empty list of values one of xavier, normal, kaiming, default
          train.engine=gpu | "gpu" | one of auto, vector, scalar, dl4j
          grid.activation=[relu, exp] | ["relu","exp"] | a non-empty list of values one of relu, tanh, sigmoid, elu
          grid.pooling=min | "min" | a non-empty list of values one of max, avg
          grid.dropout=[0, 1] | [0,1] | a non-empty list of numbers ≥ 0 and < 1
          """)
  void invalidValueViaSetNamesKeyValueRuleAndSet(String override, String shown, String rule) {
    String key = override.substring(0, override.indexOf('='));
    assertEquals(
        "Cannot set " + key + " to " + shown + ": must be " + rule + " (--set " + override + ")",
        failure(override));
  }

  /** {@code --set robustness.noise=VALUE}: loads it, expecting one error line; returns it. */
  private String noiseFailure(String value) {
    return failure("robustness.noise=" + value);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          [{kind=impulse,levels=[0.1,1.5]}] | robustness.noise[0].levels | [0.1,1.5] | be a non-empty list of numbers between 0 and 1 (impulse p)
          [{kind=gaussian,levels=[0.5]},{kind=shot,levels=[0]}] | robustness.noise[1].levels | [0] | be a non-empty list of numbers > 0 (shot λ)
          [{kind=weights,levels=-1}] | robustness.noise[0].levels | -1 | be a non-empty list of numbers ≥ 0 (weights α)
          [{kind=gaussian,levels=[-0.1]}] | robustness.noise[0].levels | [-0.1] | be a non-empty list of numbers ≥ 0 (gaussian σ)
          [{kind=gaussian,levels=[]}] | robustness.noise[0].levels | [] | be a non-empty list of numbers ≥ 0 (gaussian σ)
          [{kind=shot,levels=[10,10]}] | robustness.noise[0].levels | [10,10] | not repeat a level
          [{kind=shot,levels=[10]},{kind=shot,levels=[5]}] | robustness.noise | [{"kind":"shot","levels":[10]},{"kind":"shot","levels":[5]}] | name each kind at most once (shot appears twice)
          [] | robustness.noise | [] | be a non-empty list of {kind, levels} objects, kinds gaussian, impulse, shot, weights
          [0.9] | robustness.noise[0] | 0.9 | be an object {kind = ..., levels = [...]}
          [{kind=shot}] | robustness.noise[0] | {"kind":"shot"} | be an object {kind = ..., levels = [...]}
          """)
  void badNoiseNamesTheEntryTheValueAndTheKindsRule(
      String value, String key, String shown, String rule) {
    assertEquals(
        "Cannot set " + key + " to " + shown + ": must " + rule + " (--set robustness.noise="
            + value + ")",
        noiseFailure(value));
  }

  @Test
  void unknownNoiseKindSuggestsTheNearestKind() {
    assertEquals(
        "Cannot set robustness.noise[0].kind to \"gausian\": must be one of gaussian, impulse,"
            + " shot, weights (--set robustness.noise=[{kind=gausian,levels=[0.5]}]);"
            + " did you mean gaussian?",
        noiseFailure("[{kind=gausian,levels=[0.5]}]"));
  }

  @Test
  void unknownFieldOfANoiseEntryIsAnUnknownKey() throws IOException {
    conf = write("robustness {\n  noise = [\n    {kind = shot, level = [10]}\n  ]\n}\n");
    assertEquals(
        "Unknown config key robustness.noise[0].level (" + conf.getPath() + ":3);"
            + " did you mean robustness.noise[0].levels?",
        failure());
  }

  @Test
  void theOldSigmaKeyIsUnknownAndPointsAtNoise() {
    assertEquals(
        "Unknown config key robustness.sigma (--set robustness.sigma=[0.9]);"
            + " did you mean robustness.noise?",
        failure("robustness.sigma=[0.9]"));
  }

  @Test
  void noiseEntriesBecomeTypedSettingsInOrder() throws IOException {
    conf =
        write(
            "robustness.noise = [\n  {kind = shot, levels = [10, 2.5]},\n  {kind = WEIGHTS,"
                + " levels = 0}\n  {kind = impulse, levels = [0, 1]}\n]\n");
    assertEquals(
        List.of(
            new NoiseSetting(NoiseKind.SHOT, List.of(10.0, 2.5)),
            new NoiseSetting(NoiseKind.WEIGHTS, List.of(0.0)),
            new NoiseSetting(NoiseKind.IMPULSE, List.of(0.0, 1.0))),
        load().robustness().noise());
  }

  @Test
  void ensembleSizesAreSortedAndDistinct() {
    EnsembleConfig ensemble = load("ensemble.copies=[8, 2, 8]").ensemble();
    assertEquals(List.of(2, 8), ensemble.copies());
    assertEquals(8, ensemble.maxCopies());
  }

  @Test
  void missingConfigFile() {
    conf = dir.resolve("nope.conf").toFile();
    assertEquals("Config file " + conf.getPath() + " does not exist", failure());
  }

  @Test
  void syntaxErrorNamesFileAndLine() throws IOException {
    conf = write("grid {\n  epochs = [1,\n");
    String message = failure();
    assertTrue(message.startsWith("Cannot parse config: " + conf.getPath() + ": 3: "), message);
  }

  @Test
  void setWithoutEqualsSign() {
    assertEquals("Cannot apply --set grid.seed: expected KEY=VALUE", failure("grid.seed"));
    assertEquals("Cannot apply --set =3: expected KEY=VALUE", failure("=3"));
  }

  @Test
  void laterOverridesWinOverEarlierOnesAndTheFile() throws IOException {
    conf = write("grid.seed = [5]\ngrid.epochs = [3]\n");
    AtlasConfig config = load("grid.seed=[1]", "grid.seed=[2, 7]");
    assertEquals(List.of(2L, 7L), config.grid().seeds());
    assertEquals(List.of(3), config.grid().epochs(), "file beats default");
    assertEquals(GridSection.BATCH_SIZE_DEFAULT, config.grid().batchSizes(), "default when unset");
  }

  @Test
  void scalarOverrideBecomesOneElementList() {
    Grid grid = load("grid.seed=3", "grid.optimizer=ADAM", "grid.init=kaiming").grid();
    assertEquals(List.of(3L), grid.seeds());
    assertEquals(List.of(Optimizer.ADAM), grid.optimizers());
    assertEquals(List.of(InitScheme.KAIMING), grid.inits());
  }

  @Test
  void setValuesThatAreNotHoconStayStrings() {
    DataConfig data =
        load("data.test-images=hdfs://nn/x.gz", "data.train-images=\"/data/my file.gz\"").data();
    assertEquals("hdfs://nn/x.gz", data.testImages());
    assertEquals("/data/my file.gz", data.trainImages(), "a quoted value loses its quotes");
  }

  @Test
  void relativeDataPathsResolveAgainstTheConfigFolder() throws IOException {
    conf = write("data.train-images = \"../mnist/train.gz\"\ndata.test-images = \"/abs/t.gz\"\n");
    DataConfig data = load("data.test-labels=rel/labels.gz").data();
    assertEquals(dir.resolve("mnist/train.gz").toAbsolutePath().toString(), data.trainImages());
    assertEquals("/abs/t.gz", data.testImages(), "absolute kept");
    assertEquals("rel/labels.gz", data.testLabels(), "--set stays relative to the working dir");
  }

  @Test
  void bundledDefaultConfigLoads() {
    AtlasConfig config = ConfigLoader.load(new File("conf/default.conf"), List.of());
    assertEquals(8, config.grid().size());
    assertTrue(new File(config.data().trainImages()).isFile(), config.data().trainImages());
    assertTrue(new File(config.data().testLabels()).isFile(), config.data().testLabels());
    assertEquals(1000, config.robustness().copies());
  }

  @Test
  void bundledSeedGridIsTheStudysGrid() {
    AtlasConfig config = ConfigLoader.load(new File("conf/seed-grid.conf"), List.of());
    assertEquals(8192, config.grid().size());
    assertEquals("hdfs:///datasets/mnist/train-images-idx3-ubyte.gz", config.data().trainImages());
    assertEquals(0.6, config.train().minAccuracy(), 0.0, "read exactly from the file");
    assertEquals(
        RobustnessConfig.NOISE_DEFAULT, config.robustness().noise(), "inherited from default.conf");
  }

  /** 4 activations × 2 poolings × 2 dropout rates, every other axis a single value. */
  @Test
  void bundledAblationConfigVariesTheArchitecture() {
    AtlasConfig config = ConfigLoader.load(new File("conf/ablation.conf"), List.of());
    assertEquals(16, config.grid().size());
    assertEquals(List.of(Activation.values()), config.grid().activations());
    assertEquals(List.of(Pooling.values()), config.grid().poolings());
    assertEquals(List.of(0.0, 0.5), config.grid().dropouts());
  }
}
