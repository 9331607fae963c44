/**
 * The {@code ensemble} stage: every kept model next to ensembles of itself and weight-noise copies
 * of itself (each layer perturbed with noise scaled by its own std), evaluated on the whole test
 * set, clean and under each input noise kind and level of {@code robustness.noise}, by hard, soft
 * and learned (random forest) voting. One row per (model, copies, voting, noise, level) in {@code
 * ensemble.parquet}.
 */
package io.robustatlas.ensemble;
