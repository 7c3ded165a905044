package io.headroom.clickhouse;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** How one Avro record type becomes rows of one table. */
public interface TableRows<T extends SpecificRecord> {
  Class<T> type();

  String table();

  List<String> columns();

  /** Adds the record's row(s), values in {@link #columns()} order. */
  void addRows(T record, RowSink sink) throws SQLException;

  /**
   * Why {@code record} must not become rows, if it must not; the loader counts and skips it. Empty
   * by default: every record that decodes is loaded.
   */
  default Optional<String> rejection(T record) {
    return Optional.empty();
  }

  @FunctionalInterface
  interface RowSink {
    void row(Object... values) throws SQLException;
  }

  /**
   * How many of the last columns are empty arrays in most rows and default to the empty array, so
   * rows with nothing in them can be inserted without those columns.
   */
  default int optionalTrailingColumns() {
    return 0;
  }

  default String insertSql(String database) {
    return insertSql(database, columns().size());
  }

  /** An insert of the first {@code columnCount} columns. */
  default String insertSql(String database, int columnCount) {
    List<String> named = columns().subList(0, columnCount);
    String placeholders = String.join(", ", named.stream().map(c -> "?").toList());
    return "INSERT INTO "
        + database
        + "."
        + table()
        + " ("
        + String.join(", ", named)
        + ") VALUES ("
        + placeholders
        + ")";
  }
}
