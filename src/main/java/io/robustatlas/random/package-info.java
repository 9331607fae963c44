/**
 * Seeded randomness shared by every stage: seeds derived from coordinates by hashing ({@link
 * io.robustatlas.random.Seeds}), never carried as state, so a retried Spark task, a rerun or another
 * partitioning draws exactly the same numbers, and no two purposes share a stream.
 */
package io.robustatlas.random;
