package io.robustatlas.meta;

import io.robustatlas.config.MetaConfig;
import io.robustatlas.meta.engine.MetaNet;
import io.robustatlas.meta.engine.NetSpec;
import io.robustatlas.meta.engine.ParamLayout;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The meta stage's networks on the engine: the {@link NetSpec} of a grid cell, and the engine's
 * parameters to and from the DL4J graph of the same body ({@link MetaNetworks}), name by name. A
 * DL4J body starts from the DL4J graph's seeded weights, so the engine fits the network the local
 * and spark trainers would; its result is written back into that graph for {@code
 * meta/networks/*.zip}.
 */
final class EngineNets {
  private EngineNets() {}

  /** The engine's description of a cell's network. */
  static NetSpec spec(MetaConfig meta, MetaArch arch, MetaTask task) {
    return new NetSpec(
        NetSpec.Body.valueOf(arch.name()),
        meta.inputs().stream().map(i -> new NetSpec.Input(i.column(), i.size())).toList(),
        meta.embed(),
        meta.layers(),
        meta.heads(),
        meta.ff(),
        task == MetaTask.REGRESSION ? NetSpec.Loss.MSE : NetSpec.Loss.XENT);
  }

  /**
   * A new network with the seeded initial weights: a DL4J body's are its DL4J graph's ({@link
   * MetaNetworks#create}), the others' are {@link MetaNet#create}'s.
   */
  static MetaNet create(MetaConfig meta, MetaArch arch, MetaTask task, long seed) {
    MetaNet net = MetaNet.create(spec(meta, arch, task), seed);
    if (arch.inDl4j()) {
      copy(MetaNetworks.create(meta, arch, task, seed), net);
    }
    return net;
  }

  /** Sets the engine's parameters to the graph's. */
  static void copy(ComputationGraph graph, MetaNet net) {
    float[] params = net.params();
    forEachElement(graph, net, (value, r, c, at) -> params[at] = element(value, r, c));
    net.refreshTransposed();
  }

  /** Sets the graph's parameters to the engine's. */
  static void copy(MetaNet net, ComputationGraph graph) {
    float[] params = net.params();
    forEachElement(graph, net, (value, r, c, at) -> setElement(value, r, c, params[at]));
  }

  /** One element of a parameter: DL4J's array, the engine's (row, col) and offset. */
  @FunctionalInterface
  private interface ElementVisit {
    void visit(INDArray value, int r, int c, int at);
  }

  private static void forEachElement(ComputationGraph graph, MetaNet net, ElementVisit visit) {
    Map<String, INDArray> table = graph.paramTable();
    for (ParamLayout.Param param : net.layout().params()) {
      INDArray value = dl4jParam(table, param);
      for (int r = 0; r < param.rows(); r++) {
        for (int c = 0; c < param.cols(); c++) {
          visit.visit(value, r, c, param.offset() + r * param.cols() + c);
        }
      }
    }
  }

  private static INDArray dl4jParam(Map<String, INDArray> table, ParamLayout.Param param) {
    INDArray value = table.get(param.name());
    if (value == null || value.length() != param.size()) {
      throw new IllegalStateException(
          "The DL4J graph has no parameter " + param.name() + " of " + param.size() + " values: "
              + (value == null ? "missing" : value.shapeInfoToString()));
    }
    return value;
  }

  /**
   * Element (r, c) of the engine's row-major matrix, read from DL4J's array of that role (the
   * parameter or its gradient).
   */
  private static float element(INDArray value, int r, int c) {
    return value.getFloat(index(value, r, c));
  }

  private static void setElement(INDArray value, int r, int c, float x) {
    value.putScalar(index(value, r, c), x);
  }

  /**
   * Where element (r, c) of the engine's row-major matrix sits in DL4J's array of that role.
   * DL4J's {@code SelfAttentionLayer} keeps its projections as [heads, headSize, in]; the engine's
   * is the [in, heads·headSize] matrix whose column h·headSize + s is head h's row s.
   */
  static long[] index(INDArray value, int r, int c) {
    if (value.rank() == 2) {
      return new long[] {r, c};
    }
    long headSize = value.size(1);
    return new long[] {c / headSize, c % headSize, r};
  }
}
