package io.robustatlas.meta;

import java.util.Locale;

/**
 * The meta-network's body. The sequence bodies read the encoded activation vectors as a sequence
 * (one time step per layer of the LeNet); {@link #MLP} reads them concatenated.
 */
public enum MetaArch {
  /** Elman RNN layers ({@code SimpleRnn}), last time step. */
  RNN,
  /** LSTM layers, last time step. */
  LSTM,
  /**
   * Multi-head self-attention layers ({@code SelfAttentionLayer}), mean-pooled over the steps.
   * DL4J 1.0.0-M2 has no Transformer encoder (and no layer normalisation layer), so this is the
   * attention part of one without its feed-forward and normalisation sublayers.
   */
  ATTENTION,
  /** Dense layers on the concatenated raw vectors: no encoders, no sequence. */
  MLP,
  /** GRU layers (PyTorch {@code nn.GRU}), last time step: the study's body; the engine only. */
  GRU,
  /**
   * Transformer encoder layers (PyTorch {@code nn.TransformerEncoderLayer}: post-norm, ReLU
   * feed-forward of width {@code meta.ff}, dropout 0), mean-pooled over the steps: the study's
   * body; the engine only.
   */
  TRANSFORMER;

  /** Whether DL4J 1.0.0-M2 can express this body (else only the engine trains it). */
  public boolean inDl4j() {
    return this != GRU && this != TRANSFORMER;
  }

  /** Whether this body reads the encodings as a sequence. */
  public boolean sequential() {
    return this != MLP;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
