/**
 * Spark and Hadoop plumbing shared by the stages: progress logging, a serializable Hadoop
 * configuration for tasks, and commits that never leave a half-written file under its final name.
 */
package io.robustatlas.spark;
