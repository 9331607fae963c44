package io.robustatlas.grid;

import java.util.Locale;

/**
 * The activation of every hidden layer of a LeNet-5 variant (conv1, conv2, fc1, fc2; the logits
 * layer has none). The study's ablation swapped ReLU for other functions, one of them
 * "exponential": {@link #ELU}, the exponential linear unit, is the exponential activation the deep
 * learning libraries offer (PyTorch's {@code nn.ELU}, DL4J's {@code ELU}); a plain {@code exp(x)}
 * grows without bound on both sides of LeNet's layers and is no library's activation. All four are
 * monotone non-decreasing, which lets the lane engines pool before activating under max pooling.
 */
public enum Activation {
  /** max(0, x): LeNet-5's own (the default). */
  RELU,
  /** tanh(x). */
  TANH,
  /** 1 / (1 + e^-x). */
  SIGMOID,
  /** x for x &gt; 0, else e^x − 1: the exponential linear unit with α = 1 (PyTorch's default). */
  ELU;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
