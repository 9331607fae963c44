/**
 * The {@code robustness} stage: for every kept model, pick test samples (per class, some it gets
 * right and some it gets wrong), push seeded noisy copies of each through the model, and write the
 * confidence ratio, its Wilson interval, the mean KL divergence, the flip counts and the clean
 * activations as one row per (model, sample, noise kind, level) in {@code pairs.parquet}. The noise
 * kinds ({@link io.robustatlas.robustness.NoiseKind}) and their exact, seeded generators live here
 * too: Gaussian, impulse and shot noise on the input, weight noise on the model; the {@code
 * ensemble} stage uses the same generators.
 */
package io.robustatlas.robustness;
