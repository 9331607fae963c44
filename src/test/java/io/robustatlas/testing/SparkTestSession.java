package io.robustatlas.testing;

import org.apache.spark.sql.SparkSession;

/** One local[2] SparkSession per test class, bound to 127.0.0.1, UI off. */
public final class SparkTestSession {
  private SparkTestSession() {}

  public static SparkSession start(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }
}
