/**
 * Robustness Atlas: a Spark + Deeplearning4j pipeline that trains grids of LeNet-5 models and
 * measures, per model and test sample, how often the prediction survives Gaussian input noise.
 *
 * <p>Data flows one way: {@code config} → {@code grid} → {@code train} (models table) → {@code
 * robustness} (pairs table). Each stage reads the previous stage's files, never its objects.
 */
package io.robustatlas;
