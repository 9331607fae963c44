package io.robustatlas.random;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Derives a seed from a domain tag and its coordinates (run seed, model seed, layer, epoch, sample,
 * copy, ...) by hashing, so every random stream of the pipeline is a pure function of what it is
 * for. A seed formed by arithmetic on another seed ({@code seed * k + i}) can collide with, or be a
 * shifted copy of, a neighbouring stream; a hashed one cannot, for any practical purpose.
 *
 * <p>Each coordinate is absorbed with the SplitMix64 finaliser (Steele, Lea &amp; Flood, "Fast
 * Splittable Pseudorandom Number Generators", OOPSLA 2014): {@code h = mix64((h ^ v) + γ)}. Every
 * step is a bijection in {@code v}, so two coordinates that differ in one place never share a seed
 * within one domain; different domains start from different tags. Text (a model id, a domain name)
 * enters through a hash of its UTF-8 bytes, never {@link String#hashCode()}.
 *
 * <p>These values are part of the output contract: changing any constant here changes every random
 * draw of the pipeline, so the tests pin golden values.
 */
public final class Seeds {
  /** 2^64 / φ, the SplitMix64 increment. */
  public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final long STRING_DOMAIN = 0x7374726E67486173L; // "strngHas"

  private Seeds() {}

  /** The seed of {@code coordinates} in the family {@code domain}: absorbed left to right. */
  public static long derive(long domain, long... coordinates) {
    long h = domain;
    for (long coordinate : coordinates) {
      h = absorb(h, coordinate);
    }
    return h;
  }

  /** A domain tag for a family of streams, from its name (e.g. {@code "model-init"}). */
  public static long tag(String name) {
    return hash(name);
  }

  /**
   * A generator for {@code seed} with its own increment, as {@code new
   * SplittableRandom(seed).split()}: streams of different seeds are then not shifted views of one
   * sequence, even in principle.
   */
  public static SplittableRandom stream(long seed) {
    return new SplittableRandom(seed).split();
  }

  /** 64-bit hash of the UTF-8 bytes of {@code text}, stable across JVMs and platforms. */
  public static long hash(String text) {
    byte[] bytes = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
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

  /** One absorption step: a bijection in {@code value} for a fixed {@code h}. */
  public static long absorb(long h, long value) {
    return mix64((h ^ value) + GOLDEN_GAMMA);
  }

  /**
   * SplitMix64's output finaliser (Stafford's variant 13), as in {@link
   * java.util.SplittableRandom}.
   */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * An odd SplitMix64 increment with enough 01/10 bit transitions, exactly as {@link
   * java.util.SplittableRandom} picks the gamma of a split-off generator.
   */
  public static long mixGamma(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    z = (z ^ (z >>> 33)) | 1L;
    return Long.bitCount(z ^ (z >>> 1)) < 24 ? z ^ 0xAAAAAAAAAAAAAAAAL : z;
  }
}
