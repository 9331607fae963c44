package io.robustatlas.meta.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each parameter of a {@link MetaNet} lives in its flat float vector. Every parameter is a
 * row-major {@code rows × cols} matrix (a bias is {@code 1 × cols}) named as DL4J names the
 * parameter of the same role ({@code lstm_1_RW}, {@code output_b}, ...), so the meta stage can map
 * DL4J's parameter table onto it by name.
 */
public final class ParamLayout {
  /** One parameter: a {@code rows × cols} block at {@code offset}. */
  public record Param(String name, int rows, int cols, int offset, boolean weight) {
    /** Number of values. */
    public int size() {
      return rows * cols;
    }
  }

  private final Map<String, Param> params = new LinkedHashMap<>();
  private final List<Param> transposed = new ArrayList<>();
  private int size;

  /**
   * Adds a weight matrix (Xavier-initialised) that a backward pass multiplies by transposed, so
   * the network keeps its transpose up to date; returns its offset.
   */
  int weight(String name, int rows, int cols) {
    int offset = add(name, rows, cols, true);
    transposed.add(params.get(name));
    return offset;
  }

  /**
   * Adds a weight matrix read only forward (a first layer: no gradient flows into the inputs);
   * returns its offset.
   */
  int inputWeight(String name, int rows, int cols) {
    return add(name, rows, cols, true);
  }

  /** Adds a bias row (zero-initialised); returns its offset. */
  int bias(String name, int cols) {
    return add(name, 1, cols, false);
  }

  private int add(String name, int rows, int cols, boolean weight) {
    if (params.containsKey(name)) {
      throw new IllegalArgumentException("Parameter " + name + " added twice");
    }
    Param param = new Param(name, rows, cols, size, weight);
    params.put(name, param);
    size = Math.addExact(size, param.size());
    return param.offset();
  }

  /** Number of values over all parameters. */
  public int size() {
    return size;
  }

  /** The parameters in layout order. */
  public List<Param> params() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  /** The weights kept transposed. */
  List<Param> transposedParams() {
    return Collections.unmodifiableList(transposed);
  }

  /** The parameter called {@code name}. */
  public Param param(String name) {
    Param param = params.get(name);
    if (param == null) {
      throw new IllegalArgumentException("No parameter " + name + "; the network has " + params.keySet());
    }
    return param;
  }
}
