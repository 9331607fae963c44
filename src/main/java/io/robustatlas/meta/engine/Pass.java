package io.robustatlas.meta.engine;

/**
 * The workspace of one unit of rows: its inputs, every layer's saved activations, its own gradient
 * vector, and the kernels it computes with. A trainer keeps one per unit, so units never share a
 * buffer and any thread may run any unit: which thread runs a unit changes nothing it computes.
 */
final class Pass {
  private final MetaNet net;
  private final Kernels kernels;
  final int capacity;
  final float[] x;
  final float[] targets;
  final float[] predictions;
  final float[][] activations;
  final Object[] caches;
  final float[] delta;
  final float[] deltaBelow;
  final float[] readout;
  final float[] readoutDelta;
  private final float[] grads;

  Pass(MetaNet net, Kernels kernels, int capacity, boolean training) {
    this.net = net;
    this.kernels = kernels;
    this.capacity = capacity;
    NetSpec spec = net.spec();
    int steps = net.steps();
    int stepWidth = net.stepWidth();
    this.x = new float[capacity * spec.featureCount()];
    this.targets = new float[capacity];
    this.predictions = new float[capacity];
    int levels = net.layerCount() + 1;
    this.activations = new float[levels][steps * capacity * stepWidth];
    this.caches = net.newCaches(capacity);
    int deltaSize = Math.max(steps * capacity * stepWidth, capacity * spec.featureCount());
    this.delta = training ? new float[deltaSize] : null;
    this.deltaBelow = training ? new float[deltaSize] : null;
    this.readout = new float[capacity * spec.embed()];
    this.readoutDelta = training ? new float[capacity * spec.embed()] : null;
    this.grads = training ? new float[net.layout().size()] : null;
  }

  Kernels kernels() {
    return kernels;
  }

  float[] params() {
    return net.params();
  }

  float[] transposed() {
    return net.transposed();
  }

  /** This unit's gradient, summed over its rows (not divided by the minibatch). */
  float[] grads() {
    return grads;
  }

  /** Time steps of the body's sequences. */
  int steps() {
    return net.steps();
  }

  NetSpec spec() {
    return net.spec();
  }
}
