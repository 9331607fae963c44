package io.robustatlas.meta;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Turns feature-table rows into network inputs: the {@code features} vector cut back into one
 * array per activation vector (widths in {@code meta.inputs} order), and the target as a [batch, 1]
 * label. Used on the executors, so rows never travel to the driver for training.
 */
final class MetaBatches implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] widths;
  private final String target;

  /** @param target the label column ({@code ratio} or {@code correct}) */
  MetaBatches(int[] widths, String target) {
    this.widths = widths.clone();
    this.target = target;
  }

  /** One example: its features as floats and its target. */
  record Example(float[] features, float target) implements Serializable {}

  Example example(Row row) {
    Vector vector = row.getAs(FeatureTable.FEATURES);
    float[] features = new float[vector.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) vector.apply(i);
    }
    return new Example(features, (float) target(row));
  }

  /** The row's target, at full precision. */
  double target(Row row) {
    return row.<Double>getAs(target);
  }

  /** The network inputs of {@code examples}: one [n, width] array per activation vector. */
  INDArray[] inputs(List<Example> examples) {
    INDArray[] inputs = new INDArray[widths.length];
    int offset = 0;
    for (int v = 0; v < widths.length; v++) {
      float[] values = new float[examples.size() * widths[v]];
      for (int e = 0; e < examples.size(); e++) {
        System.arraycopy(examples.get(e).features(), offset, values, e * widths[v], widths[v]);
      }
      inputs[v] = Nd4j.create(values, new long[] {examples.size(), widths[v]}, 'c');
      offset += widths[v];
    }
    return inputs;
  }

  /** A minibatch of {@code examples}. */
  MultiDataSet batch(List<Example> examples) {
    float[] labels = new float[examples.size()];
    for (int e = 0; e < labels.length; e++) {
      labels[e] = examples.get(e).target();
    }
    INDArray label = Nd4j.create(labels, new long[] {labels.length, 1}, 'c');
    return new org.nd4j.linalg.dataset.MultiDataSet(inputs(examples), new INDArray[] {label});
  }

  /**
   * Minibatches of examples by position in an epoch, sorted by position: examples whose positions
   * share {@code position / size} form one minibatch.
   */
  Iterator<MultiDataSet> consecutive(Iterator<Tuple2<Long, Example>> positioned, int size) {
    return new Iterator<>() {
      private Tuple2<Long, Example> pending = positioned.hasNext() ? positioned.next() : null;

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public MultiDataSet next() {
        if (pending == null) {
          throw new NoSuchElementException();
        }
        long minibatch = pending._1() / size;
        List<Example> examples = new ArrayList<>(size);
        while (pending != null && pending._1() / size == minibatch) {
          examples.add(pending._2());
          pending = positioned.hasNext() ? positioned.next() : null;
        }
        return batch(examples);
      }
    };
  }
}
