/**
 * The benchmarks run by {@code bench/*.sh}: throughput of each prediction engine on the
 * robustness stage's inner loop ({@code run.sh}), of the training engines ({@code train.sh}) and of
 * the meta engine per body ({@code meta.sh}), each next to a PyTorch script doing the same work.
 * A tool for developers, not a stage and not a test (timings on a shared machine are not
 * assertions).
 */
package io.robustatlas.bench;
