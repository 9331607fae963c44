package io.robustatlas.robustness;

import static io.robustatlas.noise.NoiseKind.GAUSSIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.data.LabeledImages;
import io.robustatlas.engine.BatchPredictor;
import io.robustatlas.engine.EngineKind;
import io.robustatlas.engine.Engines;
import io.robustatlas.grid.InitScheme;
import io.robustatlas.model.LeNet5;
import io.robustatlas.noise.GaussianNoise;
import io.robustatlas.noise.InputNoise;
import io.robustatlas.noise.NoiseKind;
import io.robustatlas.noise.NoiseSeeds;
import io.robustatlas.testing.IdxFixtures;
import io.robustatlas.testing.KnownNetworks;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The noisy-copy loop on real DL4J LeNet-5 networks of known behaviour: no noise changes nothing,
 * an input-blind model is never moved, the counts add up, and the result depends only on the pair
 * seed — not on the batch size — and equals a by-hand computation of x + σ·ε.
 */
class NoisyCopiesTest {
  /**
   * KL between a clean pass and a pass on identical pixels in a batch of another size: DL4J may
   * sum in another order for another batch shape, so logits can differ by float rounding
   * (~1e-7 relative); KL is quadratic in that difference, so 1e-6 nats is a generous bound that a
   * real change of input (KL ~1e-2 and up at σ = 0.9) can never meet.
   */
  private static final double ROUNDING_KL = 1e-6;

  private static final LabeledImages DATA = IdxFixtures.synthetic(8, 28, 28, 11);
  private static final long SEED = NoiseSeeds.pairSeed(GAUSSIAN, 7, "noisy-copies-test", 3, 0.9);

  private static MultiLayerNetwork randomNetwork;
  private static BatchPredictor random;

  @BeforeAll
  static void buildNetwork() {
    // Seed 1: on these images σ = 0.9 flips most copies of some samples and few of others.
    randomNetwork = KnownNetworks.random(1, InitScheme.KAIMING);
    random = Engines.predictor(EngineKind.DL4J, randomNetwork, 1);
  }

  private static InputNoise gaussian(double sigma, boolean clip) {
    return new InputNoise(GAUSSIAN, sigma, clip);
  }

  /** Logits of one image, run alone. */
  private static float[] cleanLogits(BatchPredictor predictor, float[] image) {
    float[] logits = new float[LeNet5.CLASSES];
    predictor.logits(image, 1, logits);
    return logits;
  }

  private static PairStats measure(
      BatchPredictor predictor,
      int batchCopies,
      int sample,
      double sigma,
      int copies,
      boolean clip,
      long seed) {
    float[] image = DATA.image(sample);
    return new NoisyCopies(predictor, batchCopies)
        .measure(image, cleanLogits(predictor, image), gaussian(sigma, clip), copies, seed);
  }

  @Test
  void sigmaZeroLeavesEveryCopyUnchanged() {
    for (int sample = 0; sample < 3; sample++) {
      float[] image = DATA.image(sample);
      float[] clean = cleanLogits(random, image);
      PairStats stats =
          new NoisyCopies(random, 1000).measure(image, clean, gaussian(0.0, false), 200, SEED);
      int prediction = BatchPredictor.argmax(clean, 0, LeNet5.CLASSES);
      assertEquals(200, stats.copies());
      assertEquals(200, stats.unchanged(), "sample " + sample);
      assertEquals(1.0, stats.ratio(), 0.0);
      assertEquals(200, stats.flipCounts()[prediction]);
      assertTrue(stats.meanKl() >= 0 && stats.meanKl() < ROUNDING_KL, "KL " + stats.meanKl());
    }
  }

  @Test
  void modelsThatIgnoreTheirInputAreNeverMovedByHeavyNoise() {
    for (MultiLayerNetwork network :
        new MultiLayerNetwork[] {KnownNetworks.inputBlind(5), KnownNetworks.alwaysPredicts(4)}) {
      BatchPredictor blind = Engines.predictor(EngineKind.DL4J, network, 1);
      float[] clean = cleanLogits(blind, DATA.image(0));
      assertTrue(distinctValues(clean) > 1, "not an all-way tie: " + Arrays.toString(clean));
      for (boolean clip : new boolean[] {false, true}) {
        PairStats stats = measure(blind, 1000, 0, 0.9, 300, clip, SEED);
        assertEquals(300, stats.unchanged(), "clip " + clip);
        assertEquals(1.0, stats.ratio(), 0.0);
        // The logits are the same constant vector for every input, up to batch-shape rounding.
        assertTrue(stats.meanKl() < ROUNDING_KL, "KL " + stats.meanKl());
      }
    }
  }

  @Test
  void alwaysPredictsGivesExactlyItsBiasAsLogits() {
    BatchPredictor blind = Engines.predictor(EngineKind.DL4J, KnownNetworks.alwaysPredicts(4), 1);
    float[] expected = new float[LeNet5.CLASSES];
    expected[4] = 1f;
    // Every activation is exactly 0, so the logits are exactly the bias: no rounding at all.
    assertArrayEquals(expected, cleanLogits(blind, DATA.image(1)), 0f);
    PairStats stats = measure(blind, 37, 1, 0.9, 100, false, SEED);
    assertEquals(0.0, stats.meanKl(), 0.0);
    assertEquals(100, stats.flipCounts()[4]);
  }

  @Test
  void flipCountsAccountForEveryCopy() {
    for (int sample = 0; sample < 4; sample++) {
      float[] image = DATA.image(sample);
      float[] clean = cleanLogits(random, image);
      PairStats stats =
          new NoisyCopies(random, 1000).measure(image, clean, gaussian(0.9, false), 300, SEED);
      int prediction = BatchPredictor.argmax(clean, 0, LeNet5.CLASSES);
      assertEquals(300, IntStream.of(stats.flipCounts()).sum(), "sample " + sample);
      assertEquals(stats.unchanged(), stats.flipCounts()[prediction]);
      assertEquals(stats.unchanged() / 300.0, stats.ratio(), 0.0);
      assertTrue(stats.meanKl() > ROUNDING_KL, "σ = 0.9 moves the logits: " + stats.meanKl());
    }
  }

  @Test
  void noiseMattersForTheRandomNetwork() {
    // Guards the tests that rely on it: at σ = 0.9 some copies of some samples change class.
    int changed = 0;
    for (int sample = 0; sample < 4; sample++) {
      PairStats stats = measure(random, 1000, sample, 0.9, 300, false, SEED);
      changed += 300 - stats.unchanged();
    }
    assertTrue(changed > 0, "no copy of 4 samples changed class at σ = 0.9");
  }

  @Test
  void batchSizeNeverChangesTheResult() {
    for (boolean clip : new boolean[] {false, true}) {
      PairStats whole = measure(random, 1000, 2, 0.9, 300, clip, SEED);
      for (int batchCopies : new int[] {37, 300, 299}) {
        PairStats batched = measure(random, batchCopies, 2, 0.9, 300, clip, SEED);
        String what = "batch " + batchCopies + ", clip " + clip;
        assertEquals(whole.unchanged(), batched.unchanged(), what);
        assertArrayEquals(whole.flipCounts(), batched.flipCounts(), what);
        // Same pixels in batches of another shape: logits agree to float rounding (see above).
        assertEquals(whole.meanKl(), batched.meanKl(), ROUNDING_KL, what);
      }
    }
  }

  @Test
  void aDifferentPairSeedDrawsDifferentNoise() {
    long other = NoiseSeeds.pairSeed(GAUSSIAN, 7, "noisy-copies-test", 3, 0.8);
    PairStats first = measure(random, 1000, 0, 0.9, 300, false, SEED);
    PairStats second = measure(random, 1000, 0, 0.9, 300, false, other);
    // KL is continuous in the noise: two different draws of 300 copies never share its value.
    assertNotEquals(first.meanKl(), second.meanKl());
    PairStats again = measure(random, 1000, 0, 0.9, 300, false, SEED);
    assertEquals(first.meanKl(), again.meanKl(), 0.0);
    assertArrayEquals(first.flipCounts(), again.flipCounts());
  }

  @Test
  void oneInstanceMeasuresManyPairsWithoutCarryOver() {
    NoisyCopies noisy = new NoisyCopies(random, 64);
    float[] image = DATA.image(5);
    float[] clean = cleanLogits(random, image);
    PairStats first = noisy.measure(image, clean, gaussian(0.9, false), 100, SEED);
    float[] other = DATA.image(6);
    noisy.measure(other, cleanLogits(random, other), gaussian(0.5, true), 150, SEED + 1);
    PairStats again = noisy.measure(image, clean, gaussian(0.9, false), 100, SEED);
    assertEquals(first.meanKl(), again.meanKl(), 0.0);
    assertArrayEquals(first.flipCounts(), again.flipCounts());
  }

  @Test
  void equalsAByHandComputationOfTheNoisyCopies() {
    for (boolean clip : new boolean[] {false, true}) {
      int copies = 50;
      float[] image = DATA.image(4);
      float[] clean = cleanLogits(random, image);
      float[] inputs = new float[copies * LeNet5.INPUT_SIZE];
      GaussianNoise.fill(SEED, 0, copies, LeNet5.INPUT_SIZE, inputs, 0);
      for (int i = 0; i < inputs.length; i++) {
        float value = image[i % LeNet5.INPUT_SIZE] + 0.9f * inputs[i];
        inputs[i] = clip ? Math.min(1f, Math.max(0f, value)) : value;
      }
      float[] logits = new float[copies * LeNet5.CLASSES];
      random.logits(inputs, copies, logits);
      int[] flips = new int[LeNet5.CLASSES];
      double kl = 0;
      for (int k = 0; k < copies; k++) {
        flips[BatchPredictor.argmax(logits, k, LeNet5.CLASSES)]++;
        kl += SoftmaxStats.klFromLogits(clean, 0, logits, k * LeNet5.CLASSES, LeNet5.CLASSES);
      }
      // Same pixels in a batch of the same shape: bit-identical logits, so exact equality.
      PairStats stats =
          new NoisyCopies(random, copies).measure(image, clean, gaussian(0.9, clip), copies, SEED);
      assertArrayEquals(flips, stats.flipCounts(), "clip " + clip);
      assertEquals(kl / copies, stats.meanKl(), 0.0, "clip " + clip);
    }
  }

  @Test
  void clipKeepsEveryNoisyPixelInTheUnitInterval() {
    float[] clipped = pixelRange(true);
    assertTrue(clipped[0] >= 0f && clipped[1] <= 1f, "clip: " + Arrays.toString(clipped));
    float[] raw = pixelRange(false);
    // σ = 0.9 noise on [0, 1] pixels leaves the unit interval on both sides without clipping.
    assertTrue(raw[0] < -1f && raw[1] > 2f, "no clip: " + Arrays.toString(raw));
  }

  /** Smallest and largest pixel the predictor is given for 120 copies in batches of 50. */
  private static float[] pixelRange(boolean clip) {
    float[] range = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    BatchPredictor watching =
        (images, count, logits) -> {
          for (int i = 0; i < count * LeNet5.INPUT_SIZE; i++) {
            range[0] = Math.min(range[0], images[i]);
            range[1] = Math.max(range[1], images[i]);
          }
          random.logits(images, count, logits);
        };
    float[] image = DATA.image(0);
    new NoisyCopies(watching, 50)
        .measure(image, cleanLogits(random, image), gaussian(0.9, clip), 120, SEED);
    return range;
  }

  private static long distinctValues(float[] values) {
    return IntStream.range(0, values.length).mapToDouble(i -> values[i]).distinct().count();
  }
}
