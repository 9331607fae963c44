package io.robustatlas.engine;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native ops and BLAS use OpenMP threads; matching them to the Spark task's cores keeps
 * concurrent tasks from fighting over the same cores. Every DL4J code path calls this first.
 */
public final class Nd4jThreads {
  private Nd4jThreads() {}

  /** Limits ND4J's compute threads to {@code threads}. */
  public static void limit(int threads) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
  }
}
