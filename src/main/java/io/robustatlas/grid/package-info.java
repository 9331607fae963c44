/**
 * The hyperparameter grid: expansion of the config axes into immutable {@link
 * io.robustatlas.grid.TrainSpec}s, optional seeded sampling, and stable model ids.
 */
package io.robustatlas.grid;
