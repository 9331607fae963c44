package io.robustatlas.meta.engine;

/**
 * The names of a network's layers, as the meta stage's DL4J graphs name them: {@code
 * encode_<input>}, {@code <body>_<l>} (1-based; {@code dense_<l>} for the MLP) and {@code output}.
 * A parameter is {@code <layer>_<key>} with DL4J's keys ({@code W}, {@code RW}, {@code b}, ...).
 */
public final class NetNames {
  /** The head's layer name. */
  public static final String OUTPUT = "output";

  private NetNames() {}

  /** The encoder of input {@code v}. */
  public static String encoder(NetSpec spec, int v) {
    return "encode_" + spec.inputs().get(v).name();
  }

  /** Body layer {@code l}, 1-based. */
  public static String layer(NetSpec spec, int l) {
    return (spec.body() == NetSpec.Body.MLP ? "dense" : spec.body().toString()) + "_" + l;
  }
}
