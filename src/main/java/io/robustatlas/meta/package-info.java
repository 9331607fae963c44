/**
 * The {@code meta} stage: meta-networks that read a LeNet-5's activations on one input and predict
 * how robust (the confidence ratio) and how likely correct that prediction is, fitted on the meta
 * engine ({@link io.robustatlas.meta.engine}, one network per Spark task: {@code EngineCells},
 * {@code EngineFit}) or on DL4J (dl4j-spark parameter averaging, or one JVM), and compared on a
 * held-out split with baselines
 * (max softmax probability, Spark MLlib linear and gradient-boosted models). Split assignment
 * ({@link io.robustatlas.meta.SplitAssignment}), features ({@code FeatureTable}), networks
 * ({@link io.robustatlas.meta.MetaNetworks}), trainers, metrics and the commit protocol
 * ({@code MetaStore}) live here; {@link io.robustatlas.meta.MetaJob} runs them.
 */
package io.robustatlas.meta;
