package io.headroom.cli;

import io.headroom.clickhouse.ClickHouseConnections;
import io.headroom.clickhouse.QueryCatalogue;
import io.headroom.core.status.ServiceFreshness;
import io.headroom.stack.FlinkRestClient;
import io.headroom.stack.FlinkSessionCluster;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./headroom status}: is the pipeline alive, and where is it behind. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Print the pipeline's health: consumer lag per group, records in each dead-letter topic, the",
      "newest window and forecast per service in ClickHouse, and the Flink session cluster's jobs.",
      "Exits 1 when a service has had no window (or no forecast) for --stale-after, or a job is not running."
    })
final class StatusCommand implements Callable<Integer> {
  private static final long TIMEOUT_SECONDS = 15;

  @Mixin ConnectionOptions connection;

  @Mixin KafkaClientOptions kafka;

  @Option(
      names = "--stale-after",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "how old a service's newest window may be (default: ${DEFAULT-VALUE})")
  Duration staleAfter;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = new ArrayList<>();
    kafkaStatus(out);
    servicesStatus(out, problems);
    flinkStatus(out, problems);
    if (problems.isEmpty()) {
      out.println("OK");
    } else {
      problems.forEach(p -> out.println("STALE " + p));
    }
    out.flush();
    return problems.isEmpty() ? 0 : CliErrors.FAILURE;
  }

  private void kafkaStatus(PrintWriter out) throws Exception {
    Map<String, Object> config = new HashMap<>(kafka.properties());
    config.put("bootstrap.servers", connection.bootstrapServers());
    config.put("request.timeout.ms", (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    config.put("default.api.timeout.ms", (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    try (Admin admin = Admin.create(config)) {
      out.println("Kafka " + connection.bootstrapServers());
      for (ConsumerGroupListing group :
          admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group.groupId())
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (var e : ends(admin, committed.keySet()).entrySet()) {
          OffsetAndMetadata offset = committed.get(e.getKey());
          lag += Math.max(0, e.getValue() - (offset == null ? 0 : offset.offset()));
        }
        out.printf(
            Locale.ROOT,
            "  group %-28s lag %,d over %d partitions%n",
            group.groupId(),
            lag,
            committed.size());
      }
      List<TopicPartition> deadLetters = new ArrayList<>();
      for (var description :
          admin
              .describeTopics(
                  admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                      .filter(t -> t.endsWith(".dlq"))
                      .toList())
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .values()) {
        description
            .partitions()
            .forEach(p -> deadLetters.add(new TopicPartition(description.name(), p.partition())));
      }
      Map<String, Long> perTopic = new TreeMap<>();
      ends(admin, deadLetters).forEach((tp, end) -> perTopic.merge(tp.topic(), end, Long::sum));
      perTopic.forEach(
          (topic, count) ->
              out.printf(Locale.ROOT, "  dead letters %-21s %,d records%n", topic, count));
    }
  }

  private static Map<TopicPartition, Long> ends(
      Admin admin, java.util.Collection<TopicPartition> ps) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    ps.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
      ends.put(e.getKey(), e.getValue().offset());
    }
    return ends;
  }

  private void servicesStatus(PrintWriter out, List<String> problems) throws Exception {
    String db = connection.database;
    Map<String, Instant> windows = new TreeMap<>();
    Map<String, Instant> forecasts = new HashMap<>();
    try (Connection c = ClickHouseConnections.open(connection.clickhouse())) {
      for (Map<String, Object> row :
          QueryCatalogue.run(
              c,
              "SELECT service, max(window_end) AS newest FROM "
                  + db
                  + ".percentile_windows GROUP BY service")) {
        windows.put(String.valueOf(row.get("service")), instant(row.get("newest")));
      }
      for (Map<String, Object> row :
          QueryCatalogue.run(
              c,
              "SELECT service, max(fitted_at) AS newest FROM "
                  + db
                  + ".load_forecasts GROUP BY service")) {
        forecasts.put(String.valueOf(row.get("service")), instant(row.get("newest")));
      }
    }
    out.println("ClickHouse " + connection.clickhouse().redactedUrl() + "/" + db);
    Instant now = Instant.now();
    windows.forEach(
        (service, newest) -> {
          ServiceFreshness freshness =
              new ServiceFreshness(service, newest, forecasts.get(service));
          out.printf(
              Locale.ROOT,
              "  service %-20s newest window %s, newest forecast %s%n",
              service,
              newest,
              forecasts.getOrDefault(service, null));
          String problem = freshness.problem(now, staleAfter);
          if (problem != null) {
            problems.add(service + ": " + problem);
          }
        });
  }

  private void flinkStatus(PrintWriter out, List<String> problems) throws Exception {
    FlinkSessionCluster cluster = FlinkSessionCluster.load(connection.stackDir());
    if (cluster == null) {
      out.println(
          "Flink: no session cluster in " + connection.stackDir() + " (./headroom up starts one)");
      return;
    }
    out.println("Flink " + cluster.restUrl());
    for (FlinkRestClient.JobSummary job : new FlinkRestClient(cluster.restUrl()).jobs()) {
      out.printf(Locale.ROOT, "  job %s %s %s%n", job.name(), job.id(), job.state());
      if (!job.state().equals("RUNNING")
          && !job.state().equals("CANCELED")
          && !job.state().equals("FINISHED")) {
        problems.add("Flink job " + job.name() + " is " + job.state());
      }
    }
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof java.time.ZonedDateTime t) {
      return t.toInstant();
    }
    return Instant.parse(String.valueOf(value));
  }
}
