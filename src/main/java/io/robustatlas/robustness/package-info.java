/**
 * The {@code robustness} stage: for every kept model, pick test samples (per class, some it gets
 * right and some it gets wrong), push seeded noisy copies of each through the model, and write the
 * confidence ratio, its Wilson interval, the mean KL divergence, the flip counts and the clean
 * activations as one row per (model, sample, noise kind, level) in {@code pairs.parquet}. The
 * noise kinds and their generators are in {@code io.robustatlas.noise}.
 */
package io.robustatlas.robustness;
