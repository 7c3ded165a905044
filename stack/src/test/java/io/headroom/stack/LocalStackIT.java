package io.headroom.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {
  @Test
  void up_startsAHealthyBrokerAndClickHouse_andDownStopsExactlyThem(@TempDir Path dir)
      throws Exception {
    StackEndpoints endpoints = LocalStack.up(dir, BrokerJars.locate(), true);
    try {
      assertThat(LocalStack.isHealthy(endpoints)).isTrue();
      assertThat(LocalStack.clickhouseVersion(endpoints)).matches("\\d+\\.\\d+.*");
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic("it.smoke", 2, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("it.smoke");
      }
      assertThat(LocalStack.up(dir, BrokerJars.locate(), true))
          .as("up is idempotent")
          .isEqualTo(endpoints);
    } finally {
      assertThat(LocalStack.down(dir)).isTrue();
    }
    assertThat(ProcessHandle.of(endpoints.kafkaPid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(ProcessHandle.of(endpoints.clickhousePid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(Files.exists(dir.resolve("stack.properties"))).isFalse();
    assertThat(LocalStack.down(dir)).as("second down has nothing to stop").isFalse();

    StackEndpoints restarted = LocalStack.up(dir, BrokerJars.locate(), true);
    try {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", restarted.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .as("data survives down/up")
            .contains("it.smoke");
      }
    } finally {
      LocalStack.down(dir);
    }
  }

  @Test
  void upOnAHalfDeadStack_restartsOnlyWhatIsDead_onTheSamePorts(@TempDir Path dir)
      throws Exception {
    StackEndpoints first = LocalStack.up(dir, BrokerJars.locate(), true);
    try {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", first.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic("it.kept", 1, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      kill(first.kafkaPid());
      StackEndpoints second = LocalStack.up(dir, BrokerJars.locate(), true);
      assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
      assertThat(second.clickhousePid())
          .as("ClickHouse left alone")
          .isEqualTo(first.clickhousePid());
      assertThat(second.kafkaPid()).isNotEqualTo(first.kafkaPid());
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", second.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("it.kept");
      }

      kill(second.clickhousePid());
      StackEndpoints third = LocalStack.up(dir, BrokerJars.locate(), true);
      assertThat(third.clickhouseHttpPort()).isEqualTo(first.clickhouseHttpPort());
      assertThat(third.clickhouseNativePort()).isEqualTo(first.clickhouseNativePort());
      assertThat(third.kafkaPid()).as("the broker left alone").isEqualTo(second.kafkaPid());
      assertThat(LocalStack.isHealthy(third)).isTrue();
    } finally {
      LocalStack.down(dir);
    }
  }

  private static void kill(long pid) throws Exception {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }
}
