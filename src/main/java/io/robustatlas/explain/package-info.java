/**
 * The {@code explain} stage: what each kept model's convolution kernels look like in the frequency
 * domain ({@link io.robustatlas.explain.KernelSpectrum}), which of its channels its probed samples
 * need (channel ablation on the inference engine, then a greedy selection per image), and relevance
 * maps of its probed pairs from an exact backward pass ({@link
 * io.robustatlas.explain.LeNetBackprop}) and a first-order Taylor decomposition. Rows go to {@code
 * explain-kernels.parquet} (per model, layer, channel) and {@code explain-pairs.parquet} (per
 * model and probed sample, joinable with {@code pairs.parquet}).
 */
package io.robustatlas.explain;
