package io.robustatlas.meta.engine;

/**
 * One layer of a sequence body. Sequences are laid out step-major: step t of a unit of m rows is
 * the row-major {@code m × width} block at {@code t·m·width}, so a projection of every step is one
 * matrix product over {@code T·m} rows. A layer registers its parameters in the network's layout
 * when built, and keeps what its backward pass needs in a per-unit cache.
 */
abstract class SequenceLayer {
  /** Width of each output step. */
  abstract int width();

  /** Scratch and saved activations for units of at most {@code rows} rows and {@code steps} steps. */
  abstract Object newCache(int rows, int steps);

  /** Sets the initial values that are not Xavier draws (biases other than 0); default none. */
  void initialiseBiases(float[] params) {}

  /**
   * Computes {@code out} ({@code steps × m × width()}) from {@code in} ({@code steps × m × inWidth}).
   */
  abstract void forward(Pass pass, Object cache, float[] in, float[] out, int m);

  /**
   * Backpropagates {@code dOut} (which it may overwrite) into {@code dIn} (overwritten) and adds
   * its parameters' gradients to {@code pass.grads()}; {@code in} and {@code out} are the forward
   * pass's.
   */
  abstract void backward(
      Pass pass, Object cache, float[] in, float[] out, float[] dOut, float[] dIn, int m);
}
