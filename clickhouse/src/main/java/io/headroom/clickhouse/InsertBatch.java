package io.headroom.clickhouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The rows bound so far for one table, inserted together. A row whose optional trailing columns
 * ({@link TableRows#optionalTrailingColumns()}) are all empty arrays goes to a second statement
 * that leaves them out, so the server fills in their default, the empty array: most events carry no
 * labels, and converting two arrays per row took the native driver about a fifth of the loader's
 * time. Each statement has its own connection: the native driver keeps a connection inside one
 * insert from the first bound row until the batch is sent.
 */
final class InsertBatch implements AutoCloseable {
  private final ClickHouseSettings clickhouse;
  private final TableRows<?> tableRows;
  private final int required;
  private Connection allColumnsConnection;
  private Connection requiredColumnsConnection;
  private PreparedStatement allColumns;
  private PreparedStatement requiredColumns;
  private int allColumnsRows;
  private int requiredColumnsRows;

  InsertBatch(ClickHouseSettings clickhouse, TableRows<?> rows) throws SQLException {
    this.clickhouse = clickhouse;
    this.tableRows = rows;
    this.required = rows.columns().size() - rows.optionalTrailingColumns();
    open();
  }

  private void open() throws SQLException {
    int columns = tableRows.columns().size();
    allColumnsConnection = ClickHouseConnections.openForInserts(clickhouse);
    requiredColumnsConnection = null;
    requiredColumns = null;
    try {
      requiredColumnsConnection =
          required < columns ? ClickHouseConnections.openForInserts(clickhouse) : null;
      allColumns =
          allColumnsConnection.prepareStatement(
              tableRows.insertSql(clickhouse.database(), columns));
      requiredColumns =
          requiredColumnsConnection == null
              ? null
              : requiredColumnsConnection.prepareStatement(
                  tableRows.insertSql(clickhouse.database(), required));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(allColumnsConnection);
      closeQuietly(requiredColumnsConnection);
      throw e;
    }
  }

  /** Binds one row, values in the table's column order. */
  void add(Object[] values) throws SQLException {
    if (requiredColumns != null && optionalColumnsEmpty(values)) {
      bind(requiredColumns, values, required);
      requiredColumns.addBatch();
      requiredColumnsRows++;
    } else {
      bind(allColumns, values, values.length);
      allColumns.addBatch();
      allColumnsRows++;
    }
  }

  int rows() {
    return allColumnsRows + requiredColumnsRows;
  }

  /** Inserts every bound row; a failure leaves it to the caller to replay them. */
  void execute() throws SQLException {
    if (allColumnsRows > 0) {
      allColumns.executeBatch();
      allColumnsRows = 0;
    }
    if (requiredColumnsRows > 0) {
      requiredColumns.executeBatch();
      requiredColumnsRows = 0;
    }
  }

  /**
   * Drops every bound row. The native driver's {@code clearBatch} does nothing (the rows stay in
   * its block and would go out with the next batch), so the statements are replaced when rows were
   * bound.
   */
  void clear() throws SQLException {
    boolean rowsBound = rows() > 0;
    allColumnsRows = 0;
    requiredColumnsRows = 0;
    if (rowsBound) {
      close();
      open();
    }
  }

  private boolean optionalColumnsEmpty(Object[] values) {
    for (int i = required; i < values.length; i++) {
      if (!(values[i] instanceof Object[] array) || array.length > 0) {
        return false;
      }
    }
    return true;
  }

  private static void bind(PreparedStatement statement, Object[] values, int count)
      throws SQLException {
    for (int i = 0; i < count; i++) {
      if (values[i] instanceof String[] array) {
        statement.setArray(i + 1, statement.getConnection().createArrayOf("String", array));
      } else {
        statement.setObject(i + 1, values[i]);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    // Closing a connection closes its statement.
    try {
      allColumnsConnection.close();
    } finally {
      if (requiredColumnsConnection != null) {
        requiredColumnsConnection.close();
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing; the original exception is the one to report
      }
    }
  }
}
