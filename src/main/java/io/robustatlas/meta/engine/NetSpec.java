package io.robustatlas.meta.engine;

import java.util.List;
import java.util.Locale;

/**
 * What meta-network to build: the body, the widths of the activation vectors it reads (in sequence
 * order), the width of the encoders and of the body's state ({@code embed}), the body's layers,
 * the attention heads, the transformer's feed-forward width, and the loss of its one sigmoid output.
 */
public record NetSpec(
    Body body, List<Input> inputs, int embed, int layers, int heads, int ff, Loss loss) {
  /** An activation vector the network reads: its name (for parameter names) and width. */
  public record Input(String name, int width) {}

  /** The network's body. */
  public enum Body {
    /** Elman RNN (DL4J {@code SimpleRnn}: tanh, one bias), last time step. */
    RNN(true, Readout.LAST),
    /** LSTM (DL4J's: no peepholes, forget-gate bias 1), last time step. */
    LSTM(true, Readout.LAST),
    /** GRU (PyTorch {@code nn.GRU}), last time step. */
    GRU(true, Readout.LAST),
    /** DL4J's {@code SelfAttentionLayer} with projected input, no bias, mean over the steps. */
    ATTENTION(true, Readout.MEAN),
    /** PyTorch's {@code nn.TransformerEncoderLayer} (post-norm, ReLU, dropout 0), mean over the steps. */
    TRANSFORMER(true, Readout.MEAN),
    /** Dense ReLU layers on the concatenated raw vectors. */
    MLP(false, Readout.LAST);

    private final boolean sequential;
    private final Readout readout;

    Body(boolean sequential, Readout readout) {
      this.sequential = sequential;
      this.readout = readout;
    }

    /** Whether the body reads the encoded vectors as a sequence. */
    public boolean sequential() {
      return sequential;
    }

    Readout readout() {
      return readout;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a sequence body's output sequence becomes one vector. */
  enum Readout {
    LAST,
    MEAN
  }

  /** The loss of the sigmoid output. */
  public enum Loss {
    /** Squared error (the ratio). */
    MSE,
    /** Binary cross-entropy (P(correct)). */
    XENT
  }

  public NetSpec {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() || embed < 1 || layers < 1 || heads < 1 || embed % heads != 0 || ff < 1) {
      throw new IllegalArgumentException("Not a meta-network: " + this);
    }
  }

  /** Width of the concatenated inputs. */
  public int featureCount() {
    return inputs.stream().mapToInt(Input::width).sum();
  }

  /** The inputs' widths, in order. */
  public int[] widths() {
    return inputs.stream().mapToInt(Input::width).toArray();
  }

  /** Number of time steps of a sequence body: one per input. */
  public int steps() {
    return inputs.size();
  }
}
