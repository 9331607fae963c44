package io.robustatlas.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the stage's SparkSession from what spark-submit passed. Started without spark-submit it
 * runs in local mode; local mode binds the driver to 127.0.0.1, so nothing listens beyond the host.
 */
final class Sessions {
  private Sessions() {}

  static SparkSession create(String stage) {
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", "robustness-atlas " + stage);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
