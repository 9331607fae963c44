package io.robustatlas.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of the report, with the one line that says what it shows.
 *
 * @param reading one sentence a reader takes away from the table
 */
record Table(List<String> header, List<List<String>> rows, String reading) {
  Table {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /** Collects rows, then takes the reading once the rows are known. */
  static final class Builder {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Builder(String... header) {
      this.header = List.of(header);
    }

    Builder row(Object... cells) {
      List<String> row = new ArrayList<>();
      for (Object cell : cells) {
        row.add(String.valueOf(cell));
      }
      rows.add(row);
      return this;
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }

    Table reading(String reading) {
      return new Table(header, rows, reading);
    }
  }
}
