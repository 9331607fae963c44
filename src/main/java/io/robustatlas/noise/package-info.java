/**
 * Kinds of perturbation and their seeded generators: Gaussian, impulse and shot noise on the input
 * ({@link io.robustatlas.noise.InputNoise}), and weight noise on a model's parameters ({@link
 * io.robustatlas.noise.WeightNoise}). Every draw is a pure function of seeds derived by {@link
 * io.robustatlas.noise.NoiseSeeds}, so any thread, task or rerun makes the same copies. Used by the
 * robustness and ensemble stages.
 */
package io.robustatlas.noise;
