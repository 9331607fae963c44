package io.robustatlas.meta;

/**
 * One unit of the meta stage's work, and one row of {@code metrics.parquet}: a meta-network (an
 * architecture and a seed) or a baseline, fitted for one task under one split protocol. A rerun
 * skips the cells already committed.
 *
 * @param model the architecture ({@code lstm}, ...) or the baseline's name ({@code gbt}, ...)
 * @param seed the network's seed; null for a baseline
 */
public record Cell(SplitBy splitBy, MetaTask task, String model, Long seed)
    implements java.io.Serializable {

  static Cell network(SplitBy splitBy, MetaTask task, MetaArch arch, long seed) {
    return new Cell(splitBy, task, arch.toString(), seed);
  }

  static Cell baseline(SplitBy splitBy, MetaTask task, Baseline baseline) {
    return new Cell(splitBy, task, baseline.modelName(task), null);
  }

  /** Whether this cell is a meta-network (else a baseline). */
  public boolean isNetwork() {
    return seed != null;
  }

  /** File-name-safe id, e.g. {@code model-regression-lstm-s0} or {@code pair-classification-gbt}. */
  public String id() {
    return splitBy + "-" + task + "-" + model + (seed == null ? "" : "-s" + seed);
  }
}
