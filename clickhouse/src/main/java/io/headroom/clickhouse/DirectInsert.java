package io.headroom.clickhouse;

import java.sql.SQLException;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Inserts records straight into their table, in batches, without Kafka or the loader: for history
 * the pipeline never saw (the demo seeds two weeks of windows this way). The rows are those the
 * loader writes for the same records ({@link TableRows}); nothing is retried.
 */
public final class DirectInsert<T extends SpecificRecord> implements Consumer<T>, AutoCloseable {
  static final int BATCH_ROWS = 20_000;

  private final TableRows<T> rows;
  private final InsertBatch batch;
  private long inserted;

  private DirectInsert(TableRows<T> rows, InsertBatch batch) {
    this.rows = rows;
    this.batch = batch;
  }

  public static <T extends SpecificRecord> DirectInsert<T> into(
      ClickHouseSettings where, TableRows<T> rows) throws SQLException {
    return new DirectInsert<>(rows, new InsertBatch(where, rows));
  }

  /**
   * @throws IllegalStateException when ClickHouse refuses a batch
   */
  @Override
  public void accept(T record) {
    try {
      rows.addRows(record, batch::add);
      if (batch.rows() >= BATCH_ROWS) {
        flush();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "inserting into " + rows.table() + " failed: " + e.getMessage(), e);
    }
  }

  /** Rows inserted so far. */
  public long inserted() {
    return inserted;
  }

  private void flush() throws SQLException {
    int bound = batch.rows();
    batch.execute();
    inserted += bound;
  }

  /** Inserts the rows still bound, then closes the connections. */
  @Override
  public void close() throws SQLException {
    try {
      flush();
    } finally {
      batch.close();
    }
  }
}
