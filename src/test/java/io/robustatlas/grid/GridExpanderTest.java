package io.robustatlas.grid;

import static io.robustatlas.grid.InitScheme.KAIMING;
import static io.robustatlas.grid.InitScheme.XAVIER;
import static io.robustatlas.grid.Optimizer.ADAM;
import static io.robustatlas.grid.Optimizer.SGD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Grid expansion, model ids and seeded sampling. */
class GridExpanderTest {
  private static final String FINGERPRINT = "fp";

  /** The spec whose id is pinned below. */
  private static final TrainSpec BASE =
      new TrainSpec(ADAM, 0.01, 0.0, 2, 0, XAVIER, 64, FINGERPRINT);

  // Golden id of BASE: the first 16 hex digits of SHA-256 of BASE.canonical() (asserted below),
  // so it can be recomputed without Java:
  //   printf '%s' 'arch=lenet5;rules=2;optimizer=adam;lr=0.01;l2=0;epochs=2;seed=0;init=xavier;batch=64;train=fp' \
  //     | sha256sum | cut -c1-16
  // If it changes, finished models of earlier runs are no longer recognised: only on purpose.
  private static final String BASE_ID = "ada4ed3c2032d003";

  /** Two values per axis (2^7 = 128 points), written out of natural order on purpose. */
  private static Grid wide(int sample) {
    return new Grid(
        List.of(ADAM, SGD), List.of(0.1, 0.01), List.of(0.0, 1e-4), List.of(2, 1),
        List.of(7L, 3L), List.of(KAIMING, XAVIER), List.of(64, 32), sample);
  }

  /** {@link #wide} with every axis reversed: the same points in another order. */
  private static Grid wideReversed(int sample) {
    return new Grid(
        List.of(SGD, ADAM), List.of(0.01, 0.1), List.of(1e-4, 0.0), List.of(1, 2),
        List.of(3L, 7L), List.of(XAVIER, KAIMING), List.of(32, 64), sample);
  }

  private static List<TrainSpec> expand(Grid grid, long runSeed) {
    return GridExpander.expand(grid, runSeed, FINGERPRINT);
  }

  /** Where a spec sits on each axis of {@code grid}, outermost axis first. */
  private static List<Integer> position(Grid grid, TrainSpec spec) {
    return List.of(
        grid.optimizers().indexOf(spec.optimizer()),
        grid.learningRates().indexOf(spec.learningRate()),
        grid.l2().indexOf(spec.l2()),
        grid.epochs().indexOf(spec.epochs()),
        grid.seeds().indexOf(spec.seed()),
        grid.inits().indexOf(spec.init()),
        grid.batchSizes().indexOf(spec.batchSize()));
  }

  private static final Comparator<List<Integer>> LEXICOGRAPHIC =
      (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
          int byAxis = Integer.compare(a.get(i), b.get(i));
          if (byAxis != 0) {
            return byAxis;
          }
        }
        return 0;
      };

  private static Set<String> ids(List<TrainSpec> specs) {
    return specs.stream().map(TrainSpec::modelId).collect(Collectors.toSet());
  }

  @Test
  void expandsEveryCombinationInAxisOrderLastAxisFastest() {
    Grid grid = wide(0);
    List<TrainSpec> specs = expand(grid, 0);
    assertEquals(128, grid.size());
    assertEquals(128, specs.size());
    assertEquals(new TrainSpec(ADAM, 0.1, 0.0, 2, 7, KAIMING, 64, FINGERPRINT), specs.get(0));
    assertEquals(new TrainSpec(ADAM, 0.1, 0.0, 2, 7, KAIMING, 32, FINGERPRINT), specs.get(1));
    for (int i = 1; i < specs.size(); i++) {
      List<Integer> previous = position(grid, specs.get(i - 1));
      assertTrue(LEXICOGRAPHIC.compare(previous, position(grid, specs.get(i))) < 0, "at " + i);
    }
  }

  @Test
  void duplicateAxisValuesCollapse() {
    Grid grid =
        new Grid(
            List.of(SGD, SGD), List.of(0.01, 1e-2), List.of(0.0), List.of(1),
            List.of(1L, 1L, 2L), List.of(XAVIER), List.of(64), 0);
    List<TrainSpec> specs = expand(grid, 0);
    assertEquals(12, grid.size(), "size() counts the axes as written");
    assertEquals(List.of(1L, 2L), specs.stream().map(TrainSpec::seed).toList());
  }

  @Test
  void idIsStableAcrossRuns() {
    assertEquals(
        "arch=lenet5;rules=2;optimizer=adam;lr=0.01;l2=0;epochs=2;seed=0;init=xavier;batch=64;train=fp",
        BASE.canonical());
    assertEquals(BASE_ID, BASE.modelId());
  }

  @Test
  void idChangesWithEveryHyperparameterAndTheData() {
    List<TrainSpec> variants =
        List.of(
            BASE,
            new TrainSpec(SGD, 0.01, 0.0, 2, 0, XAVIER, 64, FINGERPRINT),
            new TrainSpec(ADAM, 0.02, 0.0, 2, 0, XAVIER, 64, FINGERPRINT),
            new TrainSpec(ADAM, 0.01, 0.1, 2, 0, XAVIER, 64, FINGERPRINT),
            new TrainSpec(ADAM, 0.01, 0.0, 3, 0, XAVIER, 64, FINGERPRINT),
            new TrainSpec(ADAM, 0.01, 0.0, 2, 1, XAVIER, 64, FINGERPRINT),
            new TrainSpec(ADAM, 0.01, 0.0, 2, 0, KAIMING, 64, FINGERPRINT),
            new TrainSpec(ADAM, 0.01, 0.0, 2, 0, XAVIER, 32, FINGERPRINT),
            new TrainSpec(ADAM, 0.01, 0.0, 2, 0, XAVIER, 64, "other-data"));
    assertEquals(variants.size(), ids(variants).size());
  }

  @Test
  void sameNumberWrittenDifferentlyHasTheSameId() {
    TrainSpec scientific =
        new TrainSpec(ADAM, Double.parseDouble("1e-2"), -0.0, 2, 0, XAVIER, 64, FINGERPRINT);
    TrainSpec padded =
        new TrainSpec(ADAM, Double.parseDouble("0.010"), 0.0, 2, 0, XAVIER, 64, FINGERPRINT);
    assertEquals(BASE_ID, scientific.modelId());
    assertEquals(BASE_ID, padded.modelId());
    TrainSpec tiny = new TrainSpec(ADAM, 1e-7, 0.0, 2, 0, XAVIER, 64, FINGERPRINT);
    assertTrue(tiny.canonical().contains(";lr=0.0000001;"), tiny.canonical());
  }

  @Test
  void lenet5sOwnArchitectureKeepsTheIdOfModelsTrainedBeforeTheAxesExisted() {
    TrainSpec explicit =
        new TrainSpec(ADAM, 0.01, 0.0, 2, 0, XAVIER, 64, FINGERPRINT, Architecture.LENET5);
    assertEquals(BASE.canonical(), explicit.canonical());
    assertEquals(BASE_ID, explicit.modelId());
  }

  // Recomputed without Java as BASE_ID above, with
  //   ';activation=elu;pooling=avg;dropout=0.5' appended to BASE's canonical text.
  private static final String ELU_AVG_DROPOUT_ID = "cc37faf159b50f7e";

  @Test
  void otherArchitecturesAppendOnlyTheAxesThatDiffer() {
    TrainSpec variant =
        new TrainSpec(
            ADAM, 0.01, 0.0, 2, 0, XAVIER, 64, FINGERPRINT,
            new Architecture(Activation.ELU, Pooling.AVG, 0.50));
    assertEquals(BASE.canonical() + ";activation=elu;pooling=avg;dropout=0.5", variant.canonical());
    assertEquals(ELU_AVG_DROPOUT_ID, variant.modelId());
    TrainSpec tanhOnly =
        new TrainSpec(
            ADAM, 0.01, 0.0, 2, 0, XAVIER, 64, FINGERPRINT,
            new Architecture(Activation.TANH, Pooling.MAX, -0.0));
    assertEquals(BASE.canonical() + ";activation=tanh", tanhOnly.canonical());
  }

  @Test
  void architectureAxesMultiplyTheGrid() {
    Grid grid =
        new Grid(
            List.of(ADAM), List.of(0.01), List.of(0.0), List.of(2), List.of(0L), List.of(XAVIER),
            List.of(64), 0, List.of(Activation.values()), List.of(Pooling.values()),
            List.of(0.0, 0.5));
    List<TrainSpec> specs = expand(grid, 0);
    assertEquals(16, grid.size());
    assertEquals(16, ids(specs).size());
    Set<Architecture> architectures =
        specs.stream().map(TrainSpec::architecture).collect(Collectors.toSet());
    for (Activation activation : Activation.values()) {
      for (Pooling pooling : Pooling.values()) {
        assertTrue(architectures.contains(new Architecture(activation, pooling, 0)));
        assertTrue(architectures.contains(new Architecture(activation, pooling, 0.5)));
      }
    }
    assertTrue(specs.contains(BASE), "LeNet-5's own point is the default model");
  }

  /**
   * The train stage's identity hashes the grid's text: a grid of LeNet-5's architecture only must
   * read as the record did before the architecture axes existed, or every earlier output folder
   * would be refused as made by another config.
   */
  @Test
  void aLenet5OnlyGridReadsAsBeforeTheArchitectureAxes() {
    assertEquals(
        "Grid[optimizers=[adam, sgd], learningRates=[0.1, 0.01], l2=[0.0, 1.0E-4], epochs=[2, 1],"
            + " seeds=[7, 3], inits=[kaiming, xavier], batchSizes=[64, 32], sample=0]",
        wide(0).toString());
    Grid pooled =
        new Grid(
            List.of(ADAM), List.of(0.01), List.of(0.0), List.of(2), List.of(0L), List.of(XAVIER),
            List.of(64), 0, List.of(Activation.RELU), List.of(Pooling.AVG), List.of(0.0));
    assertTrue(
        pooled.toString().endsWith(
            "sample=0, activations=[relu], poolings=[avg], dropouts=[0.0]]"),
        pooled.toString());
  }

  @Test
  void sampleIsASeededSubsetInGridOrder() {
    List<TrainSpec> full = expand(wide(0), 0);
    List<TrainSpec> sample = expand(wide(10), 1);
    assertEquals(10, sample.size());
    assertEquals(10, ids(sample).size(), "drawn without replacement");
    List<Integer> where = sample.stream().map(full::indexOf).toList();
    assertTrue(where.stream().allMatch(i -> i >= 0), "every point is on the grid");
    assertEquals(where.stream().sorted().toList(), where, "kept in grid order");

    assertEquals(sample, expand(wide(10), 1), "same run seed, same sample");
    assertNotEquals(ids(sample), ids(expand(wide(10), 2)), "another run seed, another sample");
  }

  @Test
  void sampleDoesNotDependOnTheOrderAxesAreWrittenIn() {
    assertEquals(ids(expand(wide(10), 5)), ids(expand(wideReversed(10), 5)));
  }

  @Test
  void sampleAsLargeAsTheGridKeepsItAll() {
    List<TrainSpec> full = expand(wide(0), 0);
    assertEquals(full, expand(wide(128), 9));
    assertEquals(full, expand(wide(1000), 9));
  }
}
