package io.headroom.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster as a user runs one: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and one or more TaskManagers ({@code TaskManagerRunner}),
 * each in its own JVM from the jars in {@link FlinkJars}, configured by a generated {@code
 * config.yaml}; REST on a free loopback port, checkpoints, uploaded jars and logs under {@code
 * <dataDir>/flink}. Jobs are submitted through {@link FlinkRestClient}, as {@code flink run} does.
 */
public final class FlinkSessionCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);
  private static final String STATE_FILE = "flink-cluster.properties";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final String JOB_MANAGER =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private final Path home;
  private final String restUrl;
  private final long jobManagerPid;
  private final List<Long> taskManagerPids;

  private FlinkSessionCluster(
      Path home, String restUrl, long jobManagerPid, List<Long> taskManagerPids) {
    this.home = home;
    this.restUrl = restUrl;
    this.jobManagerPid = jobManagerPid;
    this.taskManagerPids = List.copyOf(taskManagerPids);
  }

  /**
   * The TaskManagers' process ids by their resource id ({@code taskmanager-1}, ...), the id the
   * REST API's {@code /taskmanagers} and the web UI show.
   */
  public Map<String, Long> taskManagerPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (int i = 0; i < taskManagerPids.size(); i++) {
      pids.put(taskManagerId(i), taskManagerPids.get(i));
    }
    return pids;
  }

  /** The REST endpoint, e.g. {@code http://127.0.0.1:41234}: the web UI and the job API. */
  public String restUrl() {
    return restUrl;
  }

  public FlinkRestClient client() {
    return new FlinkRestClient(restUrl);
  }

  /** Where the cluster's config, logs, checkpoints and savepoints are. */
  public Path home() {
    return home;
  }

  /** The cluster's default checkpoint folder as a URI, for a job's {@code --checkpoint-dir}. */
  public String checkpointsUri() {
    return home.resolve("checkpoints").toUri().toString();
  }

  /** {@link #start(Path, Path, int, int)} with one TaskManager. */
  public static FlinkSessionCluster start(Path dataDir, Path flinkLib, int slots)
      throws IOException {
    return start(dataDir, flinkLib, slots, 1);
  }

  /**
   * Starts a JobManager and {@code taskManagers} TaskManagers with {@code slots} slots each in
   * {@code dataDir}/flink and returns once they have registered; or returns the healthy cluster
   * recorded there.
   */
  public static FlinkSessionCluster start(Path dataDir, Path flinkLib, int slots, int taskManagers)
      throws IOException {
    if (taskManagers < 1) {
      throw new IllegalArgumentException("taskmanagers: " + taskManagers + " must be >= 1");
    }
    Path home = Files.createDirectories(dataDir.toAbsolutePath().resolve("flink"));
    FlinkSessionCluster recorded = load(dataDir);
    if (recorded != null && recorded.isHealthy()) {
      LOG.info("Flink session cluster already running at {}", recorded.restUrl);
      return recorded;
    }
    stop(dataDir);
    FlinkClusterConfig.Ports ports =
        new FlinkClusterConfig.Ports(FreePorts.next(), FreePorts.next());
    Path conf = FlinkClusterConfig.write(home, ports, slots);
    Path logs = Files.createDirectories(home.resolve("log"));
    String classpath = flinkLib.toAbsolutePath() + "/*";
    // Both JVMs start at once: the TaskManager retries its registration until the JobManager is
    // up, which saves a JVM start-up on the way to a usable cluster.
    Process jobManager =
        ChildProcesses.start(
            java(classpath, conf, logs, "jobmanager", List.of("-Xms512m", "-Xmx512m"), JOB_MANAGER),
            home,
            logs.resolve("jobmanager.out"));
    List<Process> started = new ArrayList<>();
    try {
      for (int i = 0; i < taskManagers; i++) {
        List<String> command =
            new ArrayList<>(
                java(classpath, conf, logs, logName(i), taskManagerMemory(), TASK_MANAGER));
        // A stable name instead of host:port-random: logs, the web UI and tests can tell them
        // apart.
        command.add("-Dtaskmanager.resource-id=" + taskManagerId(i));
        started.add(ChildProcesses.start(command, home, logs.resolve(logName(i) + ".out")));
      }
    } catch (IOException e) {
      jobManager.destroyForcibly();
      started.forEach(Process::destroyForcibly);
      throw e;
    }
    FlinkSessionCluster cluster =
        new FlinkSessionCluster(
            home,
            "http://127.0.0.1:" + ports.rest(),
            jobManager.pid(),
            started.stream().map(Process::pid).toList());
    try {
      for (int i = 0; i < taskManagers; i++) {
        ChildProcesses.awaitReady(
            "Flink TaskManager " + taskManagerId(i),
            started.get(i),
            logs.resolve(logName(i) + ".log"),
            START_TIMEOUT,
            () -> jobManager.isAlive() && cluster.registeredTaskManagers() >= taskManagers);
      }
    } catch (RuntimeException e) {
      jobManager.destroyForcibly();
      started.forEach(Process::destroyForcibly);
      throw new IllegalStateException(
          e.getMessage() + " (JobManager log: " + logs.resolve("jobmanager.log") + ")", e);
    }
    cluster.save();
    LOG.info("Flink session cluster up at {} (logs in {})", cluster.restUrl, logs);
    return cluster;
  }

  /** True when the JobManager answers and a TaskManager has registered with it. */
  public boolean isHealthy() {
    return registeredTaskManagers() > 0;
  }

  private int registeredTaskManagers() {
    try {
      return client().overview().taskManagers();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code taskmanager-1}, ...: the TaskManagers' resource ids. */
  static String taskManagerId(int index) {
    return "taskmanager-" + (index + 1);
  }

  /**
   * The first TaskManager logs to {@code taskmanager.log}, as with one; the others add their
   * number.
   */
  private static String logName(int index) {
    return index == 0 ? "taskmanager" : "taskmanager-" + (index + 1);
  }

  /** The cluster recorded in {@code dataDir}, or null when none was started there. */
  public static FlinkSessionCluster load(Path dataDir) throws IOException {
    Path home = dataDir.toAbsolutePath().resolve("flink");
    Path file = home.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    String pids = p.getProperty("taskmanager.pids", p.getProperty("taskmanager.pid", ""));
    return new FlinkSessionCluster(
        home,
        p.getProperty("rest.url"),
        Long.parseLong(p.getProperty("jobmanager.pid")),
        Arrays.stream(pids.split(",")).filter(v -> !v.isBlank()).map(Long::valueOf).toList());
  }

  /** Stops the cluster recorded in {@code dataDir}; false when none was running. */
  public static boolean stop(Path dataDir) throws IOException {
    FlinkSessionCluster recorded = load(dataDir);
    if (recorded == null) {
      return false;
    }
    recorded.close();
    return true;
  }

  /** Stops the processes (TaskManagers first, so they do not retry a vanished JobManager). */
  @Override
  public void close() throws IOException {
    ChildProcesses.stopAllIfOurs(taskManagerPids, home, STOP_GRACE);
    ChildProcesses.stopIfOurs(jobManagerPid, home, STOP_GRACE);
    Files.deleteIfExists(home.resolve(STATE_FILE));
  }

  private void save() throws IOException {
    Properties p = new Properties();
    p.setProperty("rest.url", restUrl);
    p.setProperty("jobmanager.pid", Long.toString(jobManagerPid));
    p.setProperty(
        "taskmanager.pids",
        String.join(",", taskManagerPids.stream().map(String::valueOf).toList()));
    try (Writer out = Files.newBufferedWriter(home.resolve(STATE_FILE))) {
      p.store(
          out, "Headroom's Flink session cluster: read by 'headroom flink' and 'headroom down'");
    }
  }

  /** JVM sizes matching the memory pieces in config.yaml, as Flink's scripts would compute them. */
  private static List<String> taskManagerMemory() {
    int heap = FlinkClusterConfig.TM_FRAMEWORK_HEAP_MB + FlinkClusterConfig.TM_TASK_HEAP_MB;
    int direct = FlinkClusterConfig.TM_FRAMEWORK_OFF_HEAP_MB + FlinkClusterConfig.TM_NETWORK_MB;
    return List.of(
        "-Xms" + heap + "m",
        "-Xmx" + heap + "m",
        "-XX:MaxDirectMemorySize=" + direct + "m",
        "-XX:MaxMetaspaceSize=" + FlinkClusterConfig.TM_METASPACE_MB + "m");
  }

  private static List<String> java(
      String classpath, Path conf, Path logs, String process, List<String> memory, String mainClass)
      throws IOException {
    Path logFile = logs.resolve(process + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memory);
    command.add("-XX:+UseG1GC");
    command.add("-Djava.awt.headless=true");
    command.addAll(FlinkClusterConfig.JAVA_17_OPENS);
    // log.file: the web UI's "Logs" tab reads it.
    command.add("-Dlog.file=" + logFile);
    command.add(
        "-Dlog4j.configurationFile="
            + FlinkClusterConfig.writeLog4j(conf, process, logFile).toUri());
    command.addAll(List.of("-cp", classpath, mainClass, "--configDir", conf.toString()));
    return command;
  }
}
