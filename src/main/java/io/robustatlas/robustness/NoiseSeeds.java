package io.robustatlas.robustness;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Derives every seed of the robustness stage from its coordinates (run seed, model id, sample
 * index, σ, copy index) instead of carrying random state, so a retried Spark task, a rerun or a
 * different partitioning draws exactly the same noise.
 *
 * <p>Each coordinate is absorbed with the SplitMix64 finaliser (Steele, Lea &amp; Flood, "Fast
 * Splittable Pseudorandom Number Generators", OOPSLA 2014): {@code h = mix64((h ^ v) + γ)}. Every
 * step is a bijection in {@code v}, so for one model and sample two different σ (or copy indices)
 * can never share a seed; across models collisions are as rare as for random 64-bit values. The
 * model id enters through a hash of its UTF-8 bytes, never {@link String#hashCode()}. A domain tag
 * per seed family keeps pair, order and copy seeds apart.
 *
 * <p>These values are part of the output contract: changing any constant here changes every noisy
 * copy, so {@code NoiseSeedsTest} pins golden values.
 */
public final class NoiseSeeds {
  /** 2^64 / φ, the SplitMix64 increment. */
  static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final long PAIR_DOMAIN = 0x7061697253656564L; // "pairSeed"
  private static final long ORDER_DOMAIN = 0x6F72646572536565L; // "orderSee"
  private static final long COPY_DOMAIN = 0x636F707953656564L; // "copySeed"
  private static final long STRING_DOMAIN = 0x7374726E67486173L; // "strngHas"

  private NoiseSeeds() {}

  /**
   * Seed of one (model, test sample, σ) pair, the root of all its noisy copies.
   *
   * @param sigma noise level; {@code -0.0} and {@code 0.0} give the same seed
   */
  public static long pairSeed(long runSeed, String modelId, int sampleIndex, double sigma) {
    long h = absorb(absorb(PAIR_DOMAIN, runSeed), stableHash(modelId));
    h = absorb(h, sampleIndex);
    // +0.0 normalises -0.0: both mean "no noise" and must not split into two seeds.
    return absorb(h, Double.doubleToLongBits(sigma + 0.0));
  }

  /** Seed of the order in which one model walks the test set. */
  public static long sampleOrderSeed(long runSeed, String modelId) {
    return absorb(absorb(ORDER_DOMAIN, runSeed), stableHash(modelId));
  }

  /** Seed of noisy copy {@code copyIndex} of a pair; {@link GaussianNoise} needs nothing else. */
  public static long copySeed(long pairSeed, int copyIndex) {
    if (copyIndex < 0) {
      throw new IllegalArgumentException(
          "Cannot use copy index " + copyIndex + ": must be zero or positive");
    }
    return absorb(absorb(COPY_DOMAIN, pairSeed), copyIndex);
  }

  /** 64-bit hash of the UTF-8 bytes of {@code text}, stable across JVMs and platforms. */
  static long stableHash(String text) {
    byte[] bytes = Objects.requireNonNull(text, "modelId").getBytes(StandardCharsets.UTF_8);
    long h = absorb(STRING_DOMAIN, bytes.length);
    for (int start = 0; start < bytes.length; start += Long.BYTES) {
      h = absorb(h, littleEndianWord(bytes, start));
    }
    return h;
  }

  /** Up to 8 bytes from {@code start}, little-endian, zero-padded at the end of the array. */
  private static long littleEndianWord(byte[] bytes, int start) {
    long word = 0;
    for (int i = Math.min(start + Long.BYTES, bytes.length) - 1; i >= start; i--) {
      word = (word << 8) | (bytes[i] & 0xFF);
    }
    return word;
  }

  static long absorb(long h, long value) {
    return mix64((h ^ value) + GOLDEN_GAMMA);
  }

  /**
   * SplitMix64's output finaliser (Stafford's variant 13), as in {@link
   * java.util.SplittableRandom}.
   */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * An odd SplitMix64 increment with enough 01/10 bit transitions, exactly as {@link
   * java.util.SplittableRandom} picks the gamma of a split-off generator.
   */
  static long mixGamma(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    z = (z ^ (z >>> 33)) | 1L;
    return Long.bitCount(z ^ (z >>> 1)) < 24 ? z ^ 0xAAAAAAAAAAAAAAAAL : z;
  }
}
