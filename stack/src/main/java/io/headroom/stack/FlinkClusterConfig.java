package io.headroom.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code config.yaml} and log4j configuration of the stack's Flink session cluster: everything
 * on loopback, REST and RPC on the given ports, checkpoints and savepoints on the local file
 * system, every folder under the cluster's home.
 */
final class FlinkClusterConfig {
  /**
   * The TaskManager's memory, set piece by piece: its JVM is started without Flink's shell scripts,
   * which would otherwise derive these from {@code taskmanager.memory.process.size} and hand them
   * over as dynamic properties (the TaskManager refuses to start without them).
   */
  static final int TM_FRAMEWORK_HEAP_MB = 128;

  static final int TM_TASK_HEAP_MB = 512;
  static final int TM_FRAMEWORK_OFF_HEAP_MB = 128;
  static final int TM_NETWORK_MB = 64;
  static final int TM_MANAGED_MB = 64;
  static final int TM_METASPACE_MB = 256;
  static final int TM_JVM_OVERHEAD_MB = 192;

  /**
   * What Flink's own {@code config.yaml} passes to every JVM on Java 17: Kryo, the RPC layer and
   * the closure cleaner reach into these JDK packages.
   */
  static final List<String> JAVA_17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private FlinkClusterConfig() {}

  record Ports(int rest, int jobManagerRpc) {}

  /** Writes {@code conf/config.yaml} under {@code home}; returns the conf folder. */
  static Path write(Path home, Ports ports, int slots) throws IOException {
    Path conf = Files.createDirectories(home.resolve("conf"));
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", Integer.toString(ports.jobManagerRpc()));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("jobmanager.memory.process.size", "1024m");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", Integer.toString(ports.rest()));
    c.put("taskmanager.host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    c.put("taskmanager.cpu.cores", Integer.toString(slots));
    c.put("taskmanager.memory.framework.heap.size", TM_FRAMEWORK_HEAP_MB + "m");
    c.put("taskmanager.memory.task.heap.size", TM_TASK_HEAP_MB + "m");
    c.put("taskmanager.memory.framework.off-heap.size", TM_FRAMEWORK_OFF_HEAP_MB + "m");
    c.put("taskmanager.memory.task.off-heap.size", "0m");
    c.put("taskmanager.memory.network.min", TM_NETWORK_MB + "m");
    c.put("taskmanager.memory.network.max", TM_NETWORK_MB + "m");
    c.put("taskmanager.memory.managed.size", TM_MANAGED_MB + "m");
    c.put("taskmanager.memory.jvm-metaspace.size", TM_METASPACE_MB + "m");
    c.put("taskmanager.memory.jvm-overhead.min", TM_JVM_OVERHEAD_MB + "m");
    c.put("taskmanager.memory.jvm-overhead.max", TM_JVM_OVERHEAD_MB + "m");
    c.put("parallelism.default", "1");
    // A TaskManager that dies is noticed by its failed heartbeat RPCs (2 in a row) rather than by
    // the 50 s heartbeat timeout: a killed one is replaced within seconds.
    c.put("heartbeat.interval", "2000");
    c.put("heartbeat.timeout", "20000");
    c.put("high-availability.type", "NONE");
    c.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
    c.put("io.tmp.dirs", Files.createDirectories(home.resolve("tmp")).toString());
    c.put("web.tmpdir", home.resolve("web").toString());
    // Uploaded job jars: kept with the cluster, so a restarted JobManager still lists them.
    c.put("web.upload.dir", Files.createDirectories(home.resolve("jars")).toString());
    StringBuilder yaml = new StringBuilder("# Headroom's local Flink session cluster\n");
    c.forEach((key, value) -> yaml.append(key).append(": ").append(quoted(value)).append('\n'));
    Files.writeString(conf.resolve("config.yaml"), yaml);
    return conf;
  }

  /** A log4j2 configuration writing to {@code logFile}, as Flink's log4j.properties does. */
  static Path writeLog4j(Path conf, String process, Path logFile) throws IOException {
    Path file = conf.resolve("log4j-" + process + ".properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "status = warn",
            "monitorInterval = 0",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = " + logFile,
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            // Flink's own defaults quiet these chatty libraries the same way.
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
            "logger.netty.level = ERROR",
            ""));
    return file;
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
