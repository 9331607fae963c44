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
      case LSTM -> new LstmLayer(layout, name, embed, embed);
      case ATTENTION -> new AttentionLayer(layout, name, embed, embed, spec.heads());
      case TRANSFORMER -> new TransformerLayer(layout, name, embed, spec.heads(), spec.ff());
      case GRU -> new GruLayer(layout, name, embed, embed);
      case MLP -> throw new IllegalArgumentException("mlp has no sequence layers");
    };
  }
}
