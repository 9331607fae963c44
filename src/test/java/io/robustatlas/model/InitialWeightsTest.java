package io.robustatlas.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.grid.InitScheme;
import io.robustatlas.grid.Optimizer;
import io.robustatlas.grid.TrainSpec;
import io.robustatlas.random.Seeds;
import io.robustatlas.train.EpochOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The study's initial weights: independent streams per model seed, biases as PyTorch's layer
 * default under every scheme, and weight variances as each scheme's definition gives them.
 */
class InitialWeightsTest {
  private static final long[] SEEDS = {0, 1, 2, 42};
  private static final int SHIFTS = 3;

  /**
   * Seeds 0, 1, 2 and 42 draw unrelated weights: no seed's weights are a shifted copy of another's.
   * The old derivation ({@code new SplittableRandom(seed * 0x9E3779B97F4A7C15L + layer)}, that
   * multiplier being SplittableRandom's own increment) made seed s + 1 the stream of seed s shifted
   * by one draw: a correlation of exactly 1 at shift 1, which both bounds below reject.
   *
   * <p>Bounds. Under independence a Pearson correlation of n values has standard deviation about
   * 1/√n. conv1 has only 150 weights (sd 0.082), so a fixed 0.1 bound would reject independent
   * seeds about once per five comparisons; for conv1 the bound is 4.2/√n (≈ 0.35), a family-wise
   * false alarm rate of 0.1% over the 42 distinct (pair, shift) comparisons (Bonferroni). On the
   * whole weight vector (61,470 weights in layer order, sd 0.004) the bound is 0.1.
   */
  @Test
  void seedsDrawUncorrelatedWeightsAtEveryShift() {
    for (int a = 0; a < SEEDS.length; a++) {
      for (int b = a + 1; b < SEEDS.length; b++) {
        LeNetParameters first = InitialWeights.draw(InitScheme.XAVIER, SEEDS[a]);
        LeNetParameters second = InitialWeights.draw(InitScheme.XAVIER, SEEDS[b]);
        for (int shift = -SHIFTS; shift <= SHIFTS; shift++) {
          String what = "seeds " + SEEDS[a] + " and " + SEEDS[b] + " at shift " + shift;
          float[] conv1A = first.weights().get(0);
          double conv1 = pearson(conv1A, second.weights().get(0), shift);
          assertTrue(Math.abs(conv1) < 4.2 / Math.sqrt(conv1A.length - SHIFTS), what + ": " + conv1);
          double all = pearson(concat(first.weights()), concat(second.weights()), shift);
          assertTrue(Math.abs(all) < 0.1, what + ", all weights: " + all);
        }
      }
    }
  }

  /** Init and shuffle streams of the grid's seeds never share a seed, nor their first draws. */
  @Test
  void noInitStreamIsAShuffleStream() {
    Set<Long> initSeeds = new HashSet<>();
    Set<Long> shuffleSeeds = new HashSet<>();
    Set<Long> firstDraws = new HashSet<>();
    for (long seed : SEEDS) {
      for (int layer = 0; layer < LeNet5.WEIGHTED.size(); layer++) {
        for (int param = 0; param < 2; param++) {
          initSeeds.add(InitialWeights.streamSeed(seed, layer, param));
        }
      }
      for (int epoch = 0; epoch < 10; epoch++) {
        shuffleSeeds.add(EpochOrder.seed(seed, epoch));
      }
    }
    assertEquals(SEEDS.length * LeNet5.WEIGHTED.size() * 2, initSeeds.size(), "distinct init seeds");
    assertEquals(SEEDS.length * 10, shuffleSeeds.size(), "distinct shuffle seeds");
    Stream.concat(initSeeds.stream(), shuffleSeeds.stream())
        .forEach(seed -> firstDraws.add(Seeds.stream(seed).nextLong()));
    assertEquals(initSeeds.size() + shuffleSeeds.size(), firstDraws.size(), "distinct streams");
  }

  /**
   * Biases are PyTorch's layer default U(±1/√fan_in) under every scheme (the study re-initialises
   * only weights): inside the bound, not zero, and with the uniform's variance bound²/3. Pooled
   * over the 236 biases, the mean of (b/bound)² has expectation 1/3 and standard deviation
   * √((1/5 − 1/9)/236) = 0.019; the tolerance is 5 of those.
   */
  @ParameterizedTest
  @EnumSource(InitScheme.class)
  void biasesFollowPyTorchsLayerDefault(InitScheme init) {
    LeNetParameters parameters = InitialWeights.draw(init, 7);
    double sumOfSquares = 0;
    int count = 0;
    for (int i = 0; i < LeNet5.WEIGHTED.size(); i++) {
      double bound = 1 / Math.sqrt(LeNet5.WEIGHTED.get(i).fanIn());
      for (float b : parameters.biases().get(i)) {
        assertTrue(b != 0 && Math.abs(b) <= bound, LeNet5.WEIGHTED.get(i).name() + " bias " + b);
        sumOfSquares += (b / bound) * (b / bound);
        count++;
      }
    }
    assertEquals(1.0 / 3, sumOfSquares / count, 5 * 0.019);
  }

  /**
   * fc1's 30,720 weights have each scheme's variance, from PyTorch's definitions with fan_in 256
   * and fan_out 120: xavier (2/(fan_in + fan_out)), kaiming uniform with a = 0 (2/fan_in), default
   * (1/(3·fan_in)), normal (0.01²). The sample variance's relative standard deviation is
   * √(0.8/n) = 0.5% for a uniform and √(2/n) = 0.8% for a normal; tolerance 4%.
   */
  @ParameterizedTest
  @EnumSource(InitScheme.class)
  void weightsHaveTheSchemesVariance(InitScheme init) {
    float[] fc1 = InitialWeights.draw(init, 11).weights().get(2);
    double expected =
        switch (init) {
          case XAVIER -> 2.0 / (256 + 120);
          case KAIMING -> 2.0 / 256;
          case DEFAULT -> 1.0 / (3 * 256);
          case NORMAL -> 1e-4;
        };
    double sumOfSquares = 0;
    for (float w : fc1) {
      sumOfSquares += w * w;
    }
    assertEquals(1, sumOfSquares / fc1.length / expected, 0.04, init.toString());
  }

  /** The DL4J network holds exactly the drawn parameters (layouts and layer order agree). */
  @Test
  void networkHoldsTheDrawnParameters() {
    TrainSpec spec = new TrainSpec(Optimizer.SGD, 0.1, 0, 1, 3, InitScheme.KAIMING, 32, "fp");
    LeNetParameters drawn = InitialWeights.draw(InitScheme.KAIMING, 3);
    LeNetParameters held = LeNetParameters.of(LeNet5.create(spec));
    for (int i = 0; i < LeNet5.WEIGHTED.size(); i++) {
      assertArrayEquals(drawn.weights().get(i), held.weights().get(i), 0f);
      assertArrayEquals(drawn.biases().get(i), held.biases().get(i), 0f);
    }
  }

  private static float[] concat(List<float[]> arrays) {
    int length = arrays.stream().mapToInt(a -> a.length).sum();
    float[] all = new float[length];
    int at = 0;
    for (float[] array : arrays) {
      System.arraycopy(array, 0, all, at, array.length);
      at += array.length;
    }
    return all;
  }

  /** Pearson correlation of a[i] and b[i + shift] over the indices where both exist. */
  static double pearson(float[] a, float[] b, int shift) {
    int from = Math.max(0, -shift);
    int to = Math.min(a.length, b.length - shift);
    int n = to - from;
    double meanA = 0;
    double meanB = 0;
    for (int i = from; i < to; i++) {
      meanA += a[i];
      meanB += b[i + shift];
    }
    meanA /= n;
    meanB /= n;
    double covariance = 0;
    double varianceA = 0;
    double varianceB = 0;
    for (int i = from; i < to; i++) {
      double da = a[i] - meanA;
      double db = b[i + shift] - meanB;
      covariance += da * db;
      varianceA += da * da;
      varianceB += db * db;
    }
    return covariance / Math.sqrt(varianceA * varianceB);
  }
}
