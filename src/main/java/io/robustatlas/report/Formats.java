package io.robustatlas.report;

import java.util.Locale;

/** How numbers read on the page. */
final class Formats {
  private Formats() {}

  /** A share or score in [0, 1] (accuracy, ratio, AUROC): four decimals. */
  static String share(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** A share as a percentage, one decimal. */
  static String percent(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
  }

  /** A measured value with three significant decimals (loss, KL, seconds). */
  static String decimal(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** A setting or level as written in a config: no trailing zeros ({@code 0.9}, {@code 10}). */
  static String plain(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A count with thousands separators. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Seconds as the manifest records them, rounded to a tenth. */
  static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f s", value);
  }
}
