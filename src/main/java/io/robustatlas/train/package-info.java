/**
 * The {@code train} stage: one Spark task per grid point trains a LeNet-5 variant, evaluates it,
 * commits its zip and record, and the driver gathers every record into {@code models.parquet}.
 * Training itself is behind {@link io.robustatlas.train.Trainer}, with the study's semantics (init,
 * shuffles, weight decay, PyTorch's update rules); {@link io.robustatlas.train.Dl4jTrainer} is the
 * reference.
 */
package io.robustatlas.train;
