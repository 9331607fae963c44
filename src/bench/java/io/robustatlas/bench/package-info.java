/**
 * The engine benchmark, run by {@code bench/run.sh}: throughput of each prediction engine on the
 * robustness stage's inner loop, next to a PyTorch script doing the same work. A tool for
 * developers, not a stage and not a test (timings on a shared machine are not assertions).
 */
package io.robustatlas.bench;
