package io.headroom.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEndpointsTest {
  @Test
  void everyClickHouseShard_survivesSaveAndLoad_andShardOneIsWhatClientsUse(@TempDir Path dir)
      throws Exception {
    StackEndpoints saved =
        new StackEndpoints(
            dir,
            List.of(
                new StackEndpoints.ClickHouseShard(1, 41001, 42001, 101),
                new StackEndpoints.ClickHouseShard(2, 41002, 42002, 102)),
            List.of(new StackEndpoints.KafkaNode(1, 43001, 201)));
    saved.save();

    StackEndpoints loaded = StackEndpoints.load(dir);
    assertThat(loaded).isEqualTo(saved);
    assertThat(loaded.clickhouseShardCount()).isEqualTo(2);
    assertThat(loaded.clickhouseJdbcUrl()).isEqualTo("jdbc:clickhouse://127.0.0.1:41001");
    assertThat(loaded.clickhousePid()).isEqualTo(101);
  }

  @Test
  void aStateFileFromBeforeShards_readsAsOneShard(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(StackEndpoints.FILE_NAME),
        """
        bootstrap.servers=127.0.0.1:43001
        clickhouse.host=127.0.0.1
        clickhouse.native.port=41001
        clickhouse.http.port=42001
        kafka.pid=201
        clickhouse.pid=101
        """);
    assertThat(StackEndpoints.load(dir).clickhouseShards())
        .containsExactly(new StackEndpoints.ClickHouseShard(1, 41001, 42001, 101));
  }

  @Test
  void onlySeveralShards_defineACluster() {
    assertThat(ClickHouseCluster.remoteServers(List.of(41001))).isEmpty();
    assertThat(ClickHouseCluster.remoteServers(List.of(41001, 41002)))
        .contains("<" + ClickHouseCluster.NAME + ">")
        .contains("<port>41001</port>")
        .contains("<port>41002</port>");
  }
}
