package io.headroom.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster as a user runs one: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}), each in its
 * own JVM from the jars in {@link FlinkJars}, configured by a generated {@code config.yaml}; REST
 * on a free loopback port, checkpoints, uploaded jars and logs under {@code <dataDir>/flink}. Jobs
 * are submitted through {@link FlinkRestClient}, as {@code flink run} does.
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
  private final long taskManagerPid;

  private FlinkSessionCluster(Path home, String restUrl, long jobManagerPid, long taskManagerPid) {
    this.home = home;
    this.restUrl = restUrl;
    this.jobManagerPid = jobManagerPid;
    this.taskManagerPid = taskManagerPid;
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

  /**
   * Starts a JobManager and one TaskManager with {@code slots} slots in {@code dataDir}/flink and
   * returns once the TaskManager has registered; or returns the healthy cluster recorded there.
   */
  public static FlinkSessionCluster start(Path dataDir, Path flinkLib, int slots)
      throws IOException {
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
    Process taskManager;
    try {
      taskManager =
          ChildProcesses.start(
              java(classpath, conf, logs, "taskmanager", taskManagerMemory(), TASK_MANAGER),
              home,
              logs.resolve("taskmanager.out"));
    } catch (IOException e) {
      jobManager.destroyForcibly();
      throw e;
    }
    FlinkSessionCluster cluster =
        new FlinkSessionCluster(
            home, "http://127.0.0.1:" + ports.rest(), jobManager.pid(), taskManager.pid());
    try {
      ChildProcesses.awaitReady(
          "Flink TaskManager",
          taskManager,
          logs.resolve("taskmanager.log"),
          START_TIMEOUT,
          () -> jobManager.isAlive() && cluster.isHealthy());
    } catch (RuntimeException e) {
      jobManager.destroyForcibly();
      taskManager.destroyForcibly();
      throw new IllegalStateException(
          e.getMessage() + " (JobManager log: " + logs.resolve("jobmanager.log") + ")", e);
    }
    cluster.save();
    LOG.info("Flink session cluster up at {} (logs in {})", cluster.restUrl, logs);
    return cluster;
  }

  /** True when the JobManager answers and a TaskManager has registered with it. */
  public boolean isHealthy() {
    try {
      return client().overview().taskManagers() > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
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
    return new FlinkSessionCluster(
        home,
        p.getProperty("rest.url"),
        Long.parseLong(p.getProperty("jobmanager.pid")),
        Long.parseLong(p.getProperty("taskmanager.pid")));
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

  /** Stops both processes (TaskManager first, so it does not retry a vanished JobManager). */
  @Override
  public void close() throws IOException {
    ChildProcesses.stopIfOurs(taskManagerPid, home, STOP_GRACE);
    ChildProcesses.stopIfOurs(jobManagerPid, home, STOP_GRACE);
    Files.deleteIfExists(home.resolve(STATE_FILE));
  }

  private void save() throws IOException {
    Properties p = new Properties();
    p.setProperty("rest.url", restUrl);
    p.setProperty("jobmanager.pid", Long.toString(jobManagerPid));
    p.setProperty("taskmanager.pid", Long.toString(taskManagerPid));
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
