package io.robustatlas.meta.engine;

/** Builds the layers of a sequence body. */
final class SequenceLayers {
  private SequenceLayers() {}

  /**
   * Layer {@code name} of {@code spec}'s body, its parameters added to {@code layout}.
   *
   * @param last whether it is the body's last layer
   */
  static SequenceLayer create(NetSpec spec, ParamLayout layout, String name, boolean last) {
    int embed = spec.embed();
    return switch (spec.body()) {
      case RNN -> new RnnLayer(layout, name, embed, embed);
      case GRU -> new GruLayer(layout, name, embed, embed);
      default -> throw new UnsupportedOperationException("Not yet in the engine: " + spec.body());
    };
  }
}
