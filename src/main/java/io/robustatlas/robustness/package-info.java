/**
 * The {@code robustness} stage: for every kept model, pick test samples (per class, some it gets
 * right and some it gets wrong), push seeded noisy copies of each through the model, and write the
 * confidence ratio, its Wilson interval, the mean KL divergence, the flip counts and the clean
 * activations as one row per (model, sample, σ) in {@code pairs.parquet}.
 */
package io.robustatlas.robustness;
