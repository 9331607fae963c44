/**
 * Inference and training arithmetic: forward passes of trained LeNet-5s behind one small interface
 * ({@link io.robustatlas.engine.BatchPredictor}), so the hot path can run on a faster engine than
 * DL4J without touching the stages, and the lane trainer's minibatch steps ({@link
 * io.robustatlas.engine.LaneStepper}). DL4J is the reference for both. (The training loop, its
 * rules and the stage live in {@code train}.)
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
 *
 * <p>Training reuses the same pieces: the kernels' forward pass (recording each pooling window's
 * maximum), a backward pass per block of lanes ({@code LaneBackprop}: {@code VectorBackprop} or
 * {@code ScalarBackprop}; conv2's input gradient is a plain convolution through the kernels' own
 * fused loop), units of 16 images whose gradients are summed in a fixed order ({@code UnitPass}),
 * PyTorch's update rules ({@code UpdateRule}) and the predictor's thread pool ({@code
 * WorkerPool}). {@code bench/train.sh} measures it against PyTorch.
 */
package io.robustatlas.engine;
