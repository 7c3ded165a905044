package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.sketch.SketchAccumulator;
import io.headroom.ingest.TopicSetup;
import io.headroom.schemas.AvroCodec;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.ScalingCommand;
import io.headroom.stack.FlinkJars;
import io.headroom.stack.FlinkRestClient;
import io.headroom.stack.FlinkSessionCluster;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a Flink session cluster of separate JobManager and TaskManager processes
 * (one cluster for the class: a JobManager and two TaskManagers of two slots), submitted as users
 * do it ({@code ./headroom flink submit} over the REST API), reading windows from and writing
 * commands to a real broker, exactly-once: two deployments side by side, a stop-with-savepoint and
 * a resubmission at another parallelism, and a TaskManager killed with SIGKILL. Every test checks
 * the commands read_committed against the exact expected set: none missing, none twice.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkSessionSubmitIT {
  static final String WINDOWS = "it.session.windows";
  static final String FORECASTS = "it.session.forecasts";
  static final String COMMANDS = "it.session.commands";
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final int MINUTES = 20;
  static final String TARGETS =
      """
      targets:
        - name: checkout
          metrics:
            cpu: {metric: cpu_percent, statistic: mean}
          spec:
            minReplicas: 1
            maxReplicas: 20
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  @TempDir static Path dir;
  static FlinkSessionCluster cluster;
  static Path targets;

  @BeforeAll
  static void startCluster() throws Exception {
    targets = Files.writeString(dir.resolve("targets.yaml"), TARGETS);
    long started = System.nanoTime();
    cluster = FlinkSessionCluster.start(dir.resolve("stack"), FlinkJars.locate(), 2, 2);
    System.out.printf(
        "FlinkSessionSubmitIT: session cluster (1 JobManager, 2 TaskManagers) up in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Two deployments of the scaling job on one broker, told apart by their group ids: each writes
   * its own output exactly once and never restarts. The windows keep coming (one minute every 250
   * ms) while the second one starts, so the first one is writing when the second one's sink,
   * starting, initialises (and aborts) the transactional ids of its prefix: with one fixed prefix
   * for both (before issue 14) that fenced the first one's open transaction
   * (ProducerFencedException, FLINK-11654) and it restarted.
   */
  @Test
  @Order(1)
  void twoDeployments_submittedThroughRest_eachEmitCommandsExactlyOnce(StackEndpoints stack)
      throws Exception {
    String bootstrap = stack.bootstrapServers();
    String second = COMMANDS + ".b";
    TopicSetup.ensure(
        bootstrap,
        Map.of(
            WINDOWS,
            2,
            FORECASTS,
            1,
            COMMANDS,
            1,
            second,
            1,
            WINDOWS + ".dlq",
            1,
            FORECASTS + ".dlq",
            1),
        (short) 1);
    produceWindows(bootstrap, WINDOWS, 0, 2);

    long submitted = System.nanoTime();
    String first = submit(bootstrap, WINDOWS, COMMANDS, "it-session-scaling", null, null);
    System.out.printf(
        "FlinkSessionSubmitIT: submit (upload + run) to all tasks RUNNING: %.1f s%n",
        (System.nanoTime() - submitted) / 1e9);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> produced =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return produceWindows(
                    bootstrap, WINDOWS, 2, 400, Duration.ofMillis(250), stop::get);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    submitted = System.nanoTime();
    String other = submit(bootstrap, WINDOWS, second, "it-session-scaling-b", null, null);
    System.out.printf(
        "FlinkSessionSubmitIT: second deployment (another group id) RUNNING: %.1f s%n",
        (System.nanoTime() - submitted) / 1e9);
    Thread.sleep(3000);
    stop.set(true);
    int minutes = produced.get(60, TimeUnit.SECONDS);
    assertThat(produced.isDone() && minutes < 400).as("windows still flowing at the end").isTrue();

    FlinkRestClient client = cluster.client();
    assertThat(client.jobs())
        .extracting(FlinkRestClient.JobSummary::state)
        .containsExactly("RUNNING", "RUNNING");

    // A decision every 15 s of event time from the first window's end (10:01) up to the
    // watermark, just before the last window's end: each exactly once, in each output.
    List<Instant> expected = grid(minutes);
    System.out.printf(
        "FlinkSessionSubmitIT: %d minutes of windows produced, %d decisions expected%n",
        minutes, expected.size());
    for (String topic : List.of(COMMANDS, second)) {
      List<ScalingCommand> commands = awaitCommands(bootstrap, topic, expected.size());
      System.out.printf(
          "FlinkSessionSubmitIT: %d commands read committed on %s, %s to %s%n",
          commands.size(),
          topic,
          commands.get(0).getDecidedAt(),
          commands.get(commands.size() - 1).getDecidedAt());
      assertThat(commands)
          .extracting(ScalingCommand::getDecidedAt)
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(commands).allMatch(c -> c.getTarget().toString().equals("checkout"));
      assertThat(commands)
          .as("cpu 100 %% of a 50 %% target on 4 replicas: scale to 8")
          .anyMatch(c -> c.getFromReplicas() == 4 && c.getToReplicas() == 8);
    }
    int restartsFirst = failures(first);
    int restartsOther = failures(other);
    System.out.printf(
        "FlinkSessionSubmitIT: restarts: first deployment %d, second %d%n",
        restartsFirst, restartsOther);
    assertThat(restartsFirst).as("restarts of the first deployment (fenced?)").isZero();
    assertThat(restartsOther).as("restarts of the second deployment (fenced?)").isZero();

    for (String jobId : List.of(first, other)) {
      assertThat(HeadroomCommand.run("flink", "cancel", jobId, "--rest", cluster.restUrl()))
          .isZero();
      awaitState(client, jobId, "CANCELED");
    }
  }

  /**
   * {@code flink savepoint --stop} after the first half of the windows, the second half produced
   * while the job is stopped, then {@code flink submit --from-savepoint --parallelism 2}: the
   * commands of both runs together are the uninterrupted run's, each once.
   */
  @Test
  @Order(2)
  void stopWithSavepoint_resubmittedAtParallelism2_noCommandMissingOrTwice(StackEndpoints stack)
      throws Exception {
    String bootstrap = stack.bootstrapServers();
    String windows = WINDOWS + ".sp";
    String commandsTopic = COMMANDS + ".sp";
    TopicSetup.ensure(
        bootstrap, Map.of(windows, 2, commandsTopic, 1, windows + ".dlq", 1), (short) 1);
    produceWindows(bootstrap, windows, 0, MINUTES / 2);
    String jobId = submit(bootstrap, windows, commandsTopic, "it-session-savepoint", null, null);
    // The first half's decisions (10:01:00 to 10:09:45) committed: the job is mid-stream.
    awaitCommands(bootstrap, commandsTopic, grid(MINUTES / 2).size());

    long stopping = System.nanoTime();
    String out =
        printed(
            "flink",
            "savepoint",
            jobId,
            "--stop",
            "--savepoint-dir",
            dir.resolve("savepoints").toString(),
            "--rest",
            cluster.restUrl());
    Matcher path = Pattern.compile(" s: (\\S+)").matcher(out);
    assertThat(path.find()).as(out).isTrue();
    String savepoint = path.group(1);
    System.out.printf(
        "FlinkSessionSubmitIT: stop-with-savepoint in %.1f s: %s%n",
        (System.nanoTime() - stopping) / 1e9, savepoint);
    assertThat(savepoint).contains("savepoint-");
    awaitState(cluster.client(), jobId, "FINISHED");

    produceWindows(bootstrap, windows, MINUTES / 2, MINUTES);
    long resubmitted = System.nanoTime();
    String restored =
        submit(bootstrap, windows, commandsTopic, "it-session-savepoint", savepoint, 2);
    System.out.printf(
        "FlinkSessionSubmitIT: resubmitted from the savepoint at parallelism 2, RUNNING in %.1f s%n",
        (System.nanoTime() - resubmitted) / 1e9);

    List<ScalingCommand> commands = awaitCommands(bootstrap, commandsTopic, 76);
    System.out.printf(
        "FlinkSessionSubmitIT: across stop-with-savepoint and rescale: %d commands read committed%n",
        commands.size());
    assertThat(commands)
        .extracting(ScalingCommand::getDecidedAt)
        .containsExactlyInAnyOrderElementsOf(grid(MINUTES));
    assertThat(HeadroomCommand.run("flink", "cancel", restored, "--rest", cluster.restUrl()))
        .isZero();
    awaitState(cluster.client(), restored, "CANCELED");
  }

  /**
   * The TaskManager running the job is killed with SIGKILL mid-stream: the job restarts from its
   * last checkpoint on the other TaskManager (the jobs' restart strategy, Flink's default with
   * checkpointing), and the committed commands are still each exactly once.
   */
  @Test
  @Order(3)
  void taskManagerKilled_jobRestoresOnTheOther_noCommandMissingOrTwice(StackEndpoints stack)
      throws Exception {
    String bootstrap = stack.bootstrapServers();
    String windows = WINDOWS + ".kill";
    String commandsTopic = COMMANDS + ".kill";
    TopicSetup.ensure(
        bootstrap, Map.of(windows, 2, commandsTopic, 1, windows + ".dlq", 1), (short) 1);
    produceWindows(bootstrap, windows, 0, MINUTES / 2);
    String jobId = submit(bootstrap, windows, commandsTopic, "it-session-kill", null, null);
    awaitCommands(bootstrap, commandsTopic, grid(MINUTES / 2).size());

    FlinkRestClient client = cluster.client();
    List<String> busy =
        client.taskManagers().stream()
            .filter(tm -> tm.freeSlots() < tm.slots())
            .map(FlinkRestClient.TaskManager::id)
            .toList();
    assertThat(busy).as("TaskManagers running the job").hasSize(1);
    long pid = cluster.taskManagerPids().get(busy.get(0));
    long killed = System.nanoTime();
    assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
    // The second half arrives while the job recovers.
    produceWindows(bootstrap, windows, MINUTES / 2, MINUTES);

    awaitRecovered(client, jobId, Duration.ofSeconds(90));
    double recovered = (System.nanoTime() - killed) / 1e9;
    List<ScalingCommand> commands = awaitCommands(bootstrap, commandsTopic, 76);
    System.out.printf(
        "FlinkSessionSubmitIT: %s killed (SIGKILL); job RUNNING again after %.1f s (%d failure(s)),"
            + " all 76 commands committed %.1f s after the kill: %d read committed%n",
        busy.get(0),
        recovered,
        failures(jobId),
        (System.nanoTime() - killed) / 1e9,
        commands.size());
    assertThat(failures(jobId)).as("the job noticed the lost TaskManager").isPositive();
    assertThat(commands)
        .extracting(ScalingCommand::getDecidedAt)
        .containsExactlyInAnyOrderElementsOf(grid(MINUTES));
    assertThat(HeadroomCommand.run("flink", "cancel", jobId, "--rest", cluster.restUrl())).isZero();
    awaitState(client, jobId, "CANCELED");
  }

  /** Submits the scaling job with {@code ./headroom flink submit}; returns its id. */
  static String submit(
      String bootstrap,
      String windows,
      String output,
      String groupId,
      String savepoint,
      Integer parallelism)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("flink", "submit", "scaling"));
    args.addAll(List.of("--jar", jobJar().toString(), "--rest", cluster.restUrl()));
    if (savepoint != null) {
      args.addAll(List.of("--from-savepoint", savepoint));
    }
    if (parallelism != null) {
      args.addAll(List.of("--parallelism", parallelism.toString()));
    }
    args.addAll(
        List.of(
            "--",
            "--bootstrap",
            bootstrap,
            "--targets",
            targets.toString(),
            "--windows-topic",
            windows,
            "--forecasts-topic",
            FORECASTS,
            "--output-topic",
            output,
            "--group-id",
            groupId,
            "--checkpoint-dir",
            cluster.checkpointsUri(),
            "--checkpoint-interval",
            "1s",
            "--idleness",
            "2s",
            "--out-of-orderness",
            "0s",
            "--targets-poll",
            "1s"));
    Set<String> before = jobIds();
    assertThat(HeadroomCommand.run(args.toArray(String[]::new))).isZero();
    Set<String> after = new java.util.HashSet<>(jobIds());
    after.removeAll(before);
    assertThat(after).hasSize(1);
    return after.iterator().next();
  }

  static Set<String> jobIds() throws Exception {
    Set<String> ids = new java.util.HashSet<>();
    cluster.client().jobs().forEach(j -> ids.add(j.id()));
    return ids;
  }

  /** The decision times of {@code minutes} minutes of windows: every 15 s from 10:01. */
  static List<Instant> grid(int minutes) {
    List<Instant> grid = new ArrayList<>();
    Instant lastWindowEnd = T0.plusSeconds(60L * minutes);
    for (Instant t = T0.plusSeconds(60); t.isBefore(lastWindowEnd); t = t.plusSeconds(15)) {
      grid.add(t);
    }
    return grid;
  }

  /**
   * The failures the job restarted from: the entries of its exception history ({@code
   * /jobs/:id/exceptions}; concurrent task failures of one restart count as one). Read from the
   * history rather than the {@code numRestarts} metric, which the REST API caches for 10 s.
   */
  static int failures(String jobId) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(cluster.restUrl() + "/jobs/" + jobId + "/exceptions"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher history = Pattern.compile("\"entries\":\\[(.*)").matcher(body);
    if (!history.find() || history.group(1).startsWith("]")) {
      return 0;
    }
    // The array's top-level objects are the entries; concurrent failures are nested in them.
    int entries = 0;
    int depth = 0;
    String rest = history.group(1);
    for (int i = 0; i < rest.length() && depth >= 0; i++) {
      char c = rest.charAt(i);
      if (c == '{' || c == '[') {
        if (depth++ == 0 && c == '{') {
          entries++;
        }
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == '"') {
        // Skip strings: stack traces hold braces.
        for (i++; i < rest.length() && rest.charAt(i) != '"'; i++) {
          if (rest.charAt(i) == '\\') {
            i++;
          }
        }
      }
    }
    return entries;
  }

  /** Runs a command and returns what it printed; fails unless it exits 0. */
  static String printed(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = HeadroomCommand.run(args);
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(exit).as(text).isZero();
    return text;
  }

  /** Waits until the job has left RUNNING (the failure noticed) and all its tasks run again. */
  static void awaitRecovered(FlinkRestClient client, String jobId, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean failed = false;
    while (System.nanoTime() < deadline) {
      FlinkRestClient.JobDetails job = client.job(jobId);
      if (!job.tasksRunning()) {
        failed = true;
      } else if (failed || failures(jobId) > 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + jobId + " not running again after " + timeout);
  }

  static Path jobJar() {
    String configured = System.getProperty("headroom.job.jar");
    if (configured != null) {
      return Path.of(configured);
    }
    // The broker's jars are in <checkout>/stack/<build folder>/kafka-broker; the job jar is built
    // into the same build folder of flink-jobs.
    Path brokerLib = Path.of(System.getProperty("headroom.broker.lib"));
    Path buildFolder = brokerLib.getParent().getFileName();
    Path checkout = brokerLib.getParent().getParent().getParent();
    Path jar =
        checkout
            .resolve("flink-jobs")
            .resolve(buildFolder)
            .resolve("headroom-flink-jobs-0.1.0-SNAPSHOT-job.jar");
    assertThat(jar).as("the job jar (flink-jobs' package phase)").isRegularFile();
    return jar;
  }

  /**
   * checkout: 4 replicas, 100 % cpu (the target is 50 %), 600 requests, one window a minute, for
   * the minutes {@code from} (inclusive) to {@code to} after {@link #T0}.
   */
  static void produceWindows(String bootstrap, String topic, int from, int to) throws Exception {
    produceWindows(bootstrap, topic, from, to, Duration.ZERO, () -> false);
  }

  /**
   * {@link #produceWindows(String, String, int, int)} one minute every {@code pause}, until {@code
   * to} or {@code stop}; returns the minute after the last one produced.
   */
  static int produceWindows(
      String bootstrap, String topic, int from, int to, Duration pause, BooleanSupplier stop)
      throws Exception {
    AvroCodec<PercentileWindow> codec = AvroCodec.of(PercentileWindow.class);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      int n = from;
      for (; n < to && !stop.getAsBoolean(); n++) {
        if (!pause.isZero()) {
          producer.flush();
          Thread.sleep(pause.toMillis());
        }
        for (PercentileWindow w :
            List.of(
                window("requests", MetricKind.COUNTER, n, 600),
                window("replicas", MetricKind.GAUGE, n, 4),
                window("cpu_percent", MetricKind.GAUGE, n, 100))) {
          producer.send(
              new ProducerRecord<>(
                  topic, null, w.getWindowEnd().toEpochMilli(), "checkout", codec.encode(w)));
        }
      }
      producer.flush();
      return n;
    }
  }

  static PercentileWindow window(String metric, MetricKind kind, int minute, double value) {
    SketchAccumulator accumulator = new SketchAccumulator(0.01);
    accumulator.add(value);
    Instant start = T0.plus(Duration.ofMinutes(minute));
    return PercentileWindowMapper.toWindow(
        "checkout", metric, kind, start, start.plus(Duration.ofMinutes(1)), accumulator);
  }

  /** The committed commands (read_committed), once there are at least {@code count}. */
  static List<ScalingCommand> awaitCommands(String bootstrap, String topic, int count) {
    AvroCodec<ScalingCommand> codec = AvroCodec.of(ScalingCommand.class);
    List<ScalingCommand> commands = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "group.id",
                "it-session-read-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (commands.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(300)).forEach(r -> commands.add(codec.decode(r.value())));
      }
      // A little longer: a duplicate would arrive with a later checkpoint.
      consumer.poll(Duration.ofSeconds(3)).forEach(r -> commands.add(codec.decode(r.value())));
    }
    assertThat(commands.size()).as("commands on " + topic).isGreaterThanOrEqualTo(count);
    return commands;
  }

  static void awaitState(FlinkRestClient client, String jobId, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!client.job(jobId).state().equals(state) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(client.job(jobId).state()).isEqualTo(state);
  }
}
