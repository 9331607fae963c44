package io.robustatlas.grid;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One LeNet-5 variant to train: a point of the grid plus the fingerprint of the data it trains on.
 * Its {@link #modelId()} is a hash of exactly these values written canonically, so the same point
 * on the same data has the same id in every run, and a rerun recognises finished models.
 *
 * @param optimizer sgd or adam
 * @param learningRate step size
 * @param l2 weight decay as PyTorch's {@code weight_decay} (gradient += l2·p, every parameter)
 * @param epochs passes over the training data
 * @param seed weight init and per-epoch shuffle seed
 * @param init weight initialisation scheme
 * @param batchSize minibatch size
 * @param trainFingerprint SHA-256 of the training images and labels
 * @param architecture activation, pooling and dropout
 */
public record TrainSpec(
    Optimizer optimizer,
    double learningRate,
    double l2,
    int epochs,
    long seed,
    InitScheme init,
    int batchSize,
    String trainFingerprint,
    Architecture architecture)
    implements Serializable {

  /** A spec of LeNet-5's own architecture ({@link Architecture#LENET5}). */
  public TrainSpec(
      Optimizer optimizer,
      double learningRate,
      double l2,
      int epochs,
      long seed,
      InitScheme init,
      int batchSize,
      String trainFingerprint) {
    this(
        optimizer, learningRate, l2, epochs, seed, init, batchSize, trainFingerprint,
        Architecture.LENET5);
  }

  /**
   * The architecture name that goes into the id. The architecture axes enter the id only where
   * they differ from LeNet-5's ({@link #canonical()}), so the models of earlier versions, all
   * LeNet-5s, keep their ids.
   */
  public static final String ARCHITECTURE = "lenet5";

  /**
   * The version of the training rules (init streams and schemes, weight decay, update rules,
   * shuffles) that goes into the id: a model trained under other rules is another model, so an
   * output folder of an earlier version never passes its models off as finished. 2: independent
   * hashed streams, PyTorch's bias init and weight decay on every parameter.
   */
  public static final int TRAINING_RULES = 2;

  /**
   * Canonical text of the spec: numbers without trailing zeros, so 1e-2 and 0.010 agree. Each
   * architecture axis is appended only when it is not LeNet-5's own, so a default model's text
   * (and id) is what it was before the axes existed.
   */
  public String canonical() {
    return "arch=" + ARCHITECTURE
        + ";rules=" + TRAINING_RULES
        + ";optimizer=" + optimizer
        + ";lr=" + number(learningRate)
        + ";l2=" + number(l2)
        + ";epochs=" + epochs
        + ";seed=" + seed
        + ";init=" + init
        + ";batch=" + batchSize
        + ";train=" + trainFingerprint
        + architectureCanonical();
  }

  private String architectureCanonical() {
    Architecture lenet5 = Architecture.LENET5;
    StringBuilder text = new StringBuilder();
    if (architecture.activation() != lenet5.activation()) {
      text.append(";activation=").append(architecture.activation());
    }
    if (architecture.pooling() != lenet5.pooling()) {
      text.append(";pooling=").append(architecture.pooling());
    }
    if (architecture.drops()) {
      text.append(";dropout=").append(number(architecture.dropout()));
    }
    return text.toString();
  }

  /** First 16 hex digits (64 bits) of SHA-256 of {@link #canonical()}. */
  public String modelId() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  private static String number(double value) {
    return value == 0 ? "0" : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
