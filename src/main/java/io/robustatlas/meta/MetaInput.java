package io.robustatlas.meta;

import java.util.Locale;

/** An activation vector of {@code pairs.parquet} that a meta-network reads, with its width. */
public enum MetaInput {
  MAXPOOL2(256),
  FC1(120),
  FC2(84),
  LOGITS(10),
  PROBS(10);

  private final int size;

  MetaInput(int size) {
    this.size = size;
  }

  /** Number of values in the vector. */
  public int size() {
    return size;
  }

  /** The {@code pairs.parquet} column that holds it. */
  public String column() {
    return toString();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
