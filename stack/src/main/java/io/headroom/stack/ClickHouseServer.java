package io.headroom.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real ClickHouse server in its own process with its data, logs and config under the stack's
 * folder. Uses the machine's {@code clickhouse-server} (Debian's package, installed with apt-get
 * when missing and we are root) or a current single {@code clickhouse} binary.
 */
final class ClickHouseServer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> SERVER_CANDIDATES =
      List.of(
          "/usr/sbin/clickhouse-server",
          "/usr/bin/clickhouse-server",
          "/usr/local/bin/clickhouse-server");
  private static final List<String> SINGLE_BINARY_CANDIDATES =
      List.of("/usr/bin/clickhouse", "/usr/local/bin/clickhouse");

  private ClickHouseServer() {}

  record Started(Process process, int nativePort, int httpPort) {}

  /**
   * Starts shard {@code shard} of a cluster whose shards listen on {@code clusterNativePorts} (one
   * port: a single server, no cluster defined).
   */
  static Started start(
      Path dataDir,
      boolean installIfMissing,
      int shard,
      int nativePort,
      int httpPort,
      List<Integer> clusterNativePorts)
      throws IOException {
    List<String> server =
        serverCommand()
            .or(() -> installIfMissing ? install() : Optional.empty())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "ClickHouse server not found. Install it (Debian/Ubuntu: 'sudo apt-get install -y clickhouse-server"
                            + " clickhouse-client') or run as root so Headroom installs it."));
    Path home = Files.createDirectories(dataDir.resolve(ClickHouseCluster.folder(shard)));
    Path config =
        writeConfig(
            home, nativePort, httpPort, ClickHouseCluster.remoteServers(clusterNativePorts));
    Path logFile = home.resolve("server.out");
    List<String> command = new ArrayList<>(server);
    command.add("--config-file=" + config);
    Process process = ChildProcesses.start(command, home, logFile);
    ChildProcesses.awaitReady(
        shard == 1 ? "ClickHouse server" : "ClickHouse shard " + shard,
        process,
        logFile,
        START_TIMEOUT,
        () -> version(httpPort).isPresent());
    return new Started(process, nativePort, httpPort);
  }

  /** {@code SELECT version()} over HTTP, or empty when the server does not answer. */
  static Optional<String> version(int httpPort) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + httpPort + "/?query=SELECT%20version()"))
              .timeout(Duration.ofSeconds(3))
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body().strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<List<String>> serverCommand() {
    for (String candidate : SERVER_CANDIDATES) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(List.of(candidate));
      }
    }
    for (String candidate : SINGLE_BINARY_CANDIDATES) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(List.of(candidate, "server"));
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> install() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    System.err.println(
        "ClickHouse server not found: installing Debian's clickhouse-server with apt-get ...");
    try {
      run("apt-get", "update", "-qq");
      run("apt-get", "install", "-y", "-qq", "clickhouse-server", "clickhouse-client");
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(
          "installing clickhouse-server with apt-get failed: " + e.getMessage(), e);
    }
    return serverCommand();
  }

  private static void run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).inheritIO();
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + exit);
    }
  }

  private static Path writeConfig(Path home, int nativePort, int httpPort, String remoteServers)
      throws IOException {
    String dir = home.toAbsolutePath().toString();
    String xml =
        """
        <?xml version="1.0"?>
        <yandex>
          <logger>
            <level>warning</level>
            <log>%1$s/log/clickhouse-server.log</log>
            <errorlog>%1$s/log/clickhouse-server.err.log</errorlog>
            <size>100M</size>
            <count>2</count>
          </logger>
          <listen_host>127.0.0.1</listen_host>
          <http_port>%2$d</http_port>
          <tcp_port>%3$d</tcp_port>
          <path>%1$s/data/</path>
          <tmp_path>%1$s/tmp/</tmp_path>
          <user_files_path>%1$s/user_files/</user_files_path>
          <format_schema_path>%1$s/format_schemas/</format_schema_path>
          <users_config>%1$s/users.xml</users_config>
          <default_profile>default</default_profile>
          <default_database>default</default_database>
          <mark_cache_size>536870912</mark_cache_size>
          <max_concurrent_queries>100</max_concurrent_queries>
        %4$s</yandex>
        """
            .formatted(dir, httpPort, nativePort, remoteServers);
    Files.createDirectories(home.resolve("log"));
    Files.writeString(home.resolve("users.xml"), USERS_XML);
    Path file = home.resolve("config.xml");
    Files.writeString(file, xml);
    return file;
  }

  private static final String USERS_XML =
      """
      <?xml version="1.0"?>
      <yandex>
        <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
        <users>
          <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
          </default>
        </users>
        <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
          <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
      </yandex>
      """;
}
