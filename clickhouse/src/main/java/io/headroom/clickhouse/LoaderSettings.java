package io.headroom.clickhouse;

import java.time.Duration;

/**
 * @param batchRows insert when this many rows are pending
 * @param linger or when the oldest pending row has waited this long
 */
public record LoaderSettings(
    String bootstrapServers, String groupId, ClickHouseSettings clickhouse, int batchRows, Duration linger) {
  public LoaderSettings {
    if (batchRows < 1) {
      throw new IllegalArgumentException("loader batch rows: " + batchRows + " must be >= 1");
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException("loader linger: " + linger + " must be >= 0");
    }
  }

  public static LoaderSettings defaults(String bootstrapServers, ClickHouseSettings clickhouse) {
    return new LoaderSettings(bootstrapServers, "headroom-loader", clickhouse, 20_000, Duration.ofSeconds(1));
  }
}
