package io.headroom.stack;

import java.util.List;

/**
 * The {@code remote_servers} section that makes several local ClickHouse servers one sharded
 * cluster. Every server gets the same section, so a {@code Distributed} table created on any of
 * them reaches all shards; Headroom's migrations shard their tables over the cluster of this name
 * when a server defines it.
 */
final class ClickHouseCluster {
  /** The cluster name the migrations look for in {@code system.clusters}. */
  static final String NAME = "headroom";

  private ClickHouseCluster() {}

  /** The section for shards listening on {@code nativePorts}, or "" for a single server. */
  static String remoteServers(List<Integer> nativePorts) {
    if (nativePorts.size() < 2) {
      return "";
    }
    StringBuilder xml = new StringBuilder("  <remote_servers>\n    <" + NAME + ">\n");
    for (int port : nativePorts) {
      // One replica per shard: a shard that is down makes inserts and queries fail, which the
      // loader rides out by retrying (no quorum to fall back on, as with Replicated tables).
      xml.append("      <shard><replica><host>127.0.0.1</host><port>")
          .append(port)
          .append("</port></replica></shard>\n");
    }
    return xml.append("    </" + NAME + ">\n  </remote_servers>\n").toString();
  }

  /** Shards whose data is in {@code dataDir} (0 for a new folder). */
  static int shardsOnDisk(java.nio.file.Path dataDir) {
    int shards = 0;
    while (java.nio.file.Files.isDirectory(dataDir.resolve(folder(shards + 1)))) {
      shards++;
    }
    return shards;
  }

  /** Shard 1 keeps the single server's folder, so a one-shard stack's layout is unchanged. */
  static String folder(int shard) {
    return shard == 1 ? "clickhouse" : "clickhouse-" + shard;
  }
}
