/**
 * Data: MNIST-format IDX files read from any Hadoop path, checked strictly, held as compact byte
 * arrays ({@link io.robustatlas.data.LabeledImages}) that broadcast cheaply to Spark tasks.
 */
package io.robustatlas.data;
