/**
 * The meta-networks' own CPU engine: forward and backward passes of every meta-network body (the
 * four that DL4J expresses, {@code rnn}, {@code lstm}, {@code attention}, {@code mlp}, and the
 * study's {@code gru} and {@code transformer}, which DL4J 1.0.0-M2 lacks) over plain float arrays,
 * with PyTorch's Adam. It owns its arithmetic for the reason the LeNet engine does: DL4J spends
 * most of a small network's step outside the arithmetic.
 *
 * <p>Nothing here knows Spark, DL4J or the pipeline's config: {@link
 * io.robustatlas.meta.engine.NetSpec} says what to build, {@link
 * io.robustatlas.meta.engine.MetaNet} holds the parameters under DL4J-style names, and {@link
 * io.robustatlas.meta.engine.NetTrainer} fits and scores it. The meta stage maps its config and
 * DL4J's parameter tables onto these.
 */
package io.robustatlas.meta.engine;
