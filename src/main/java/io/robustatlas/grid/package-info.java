/**
 * The hyperparameter grid: expansion of the config axes (training hyperparameters and the {@link
 * io.robustatlas.grid.Architecture} axes: activation, pooling, dropout) into immutable {@link
 * io.robustatlas.grid.TrainSpec}s, optional seeded sampling, and stable model ids.
 */
package io.robustatlas.grid;
