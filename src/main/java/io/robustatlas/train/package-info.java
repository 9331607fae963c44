/**
 * The {@code train} stage: one Spark task per grid point trains a LeNet-5 variant, evaluates it,
 * commits its zip and record, and the driver gathers every record into {@code models.parquet}.
 */
package io.robustatlas.train;
