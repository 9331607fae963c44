package io.robustatlas.grid;

import java.util.Locale;

/** The 2×2, stride-2 pooling of both pooling layers (pool1, maxpool2) of a LeNet-5 variant. */
public enum Pooling {
  /** The largest of the four values: LeNet-5's own (the default). */
  MAX,
  /** The mean of the four values. */
  AVG;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
