package io.headroom.clickhouse;

import java.sql.SQLException;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** How one Avro record type becomes rows of one table. */
public interface TableRows<T extends SpecificRecord> {
  Class<T> type();

  String table();

  List<String> columns();

  /** Adds the record's row(s), values in {@link #columns()} order. */
  void addRows(T record, RowSink sink) throws SQLException;

  @FunctionalInterface
  interface RowSink {
    void row(Object... values) throws SQLException;
  }

  default String insertSql(String database) {
    String placeholders = String.join(", ", columns().stream().map(c -> "?").toList());
    return "INSERT INTO " + database + "." + table() + " (" + String.join(", ", columns()) + ") VALUES (" + placeholders + ")";
  }
}
