/**
 * Inference: forward passes of trained LeNet-5s behind one small interface ({@link
 * io.robustatlas.engine.BatchPredictor}), so the hot path can run on a faster engine than DL4J
 * without touching the stages. DL4J's own inference is the reference. (Training lives in {@code
 * train}.)
 *
 * <p>Prediction has three engines, chosen by {@link io.robustatlas.engine.EngineKind} through
 * {@link io.robustatlas.engine.Engines#predictor}: DL4J; {@code vector}, a LeNet-5 forward pass
 * written for SIMD on the JDK Vector API ({@code VectorKernel}: a block of 8 or 16 images side by
 * side in the lanes of a register, convolution fused with the activation and pooling of the
 * model's variant, accumulators in registers); and {@code scalar}, the same algorithm in plain Java for JVMs without the {@code
 * jdk.incubator.vector} module ({@code ScalarKernel}). Both lane engines read weights copied once
 * into kernel order ({@code LeNetWeights}), run the same layer sequence ({@code FusedLeNetKernel})
 * and share the batching, transposition and threading of {@code LanePredictor}, which makes each
 * block's images where it predicts them when given a {@link io.robustatlas.engine.BatchSource}
 * (the robustness stage's noisy copies). The benchmark in {@code src/bench/java} measures them
 * against PyTorch ({@code bench/run.sh}).
 */
package io.robustatlas.engine;
