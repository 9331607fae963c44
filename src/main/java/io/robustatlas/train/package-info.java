/**
 * The {@code train} stage: one Spark task per grid point trains a LeNet-5 variant, evaluates it,
 * commits its zip and record, and the driver gathers every record into {@code models.parquet}.
 * Training itself is behind {@link io.robustatlas.train.Trainer}, with the study's semantics (init,
 * shuffles, weight decay, PyTorch's update rules), chosen by {@code train.engine}: {@link
 * io.robustatlas.train.Dl4jTrainer} is the reference, {@code LaneTrainer} the fast one (the lane
 * engines of {@code engine}); both share the epoch loop ({@code Epochs}) and publish the same DL4J
 * model zips.
 */
package io.robustatlas.train;
