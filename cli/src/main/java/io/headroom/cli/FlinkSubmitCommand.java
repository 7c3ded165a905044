package io.headroom.cli;

import io.headroom.flink.JobArguments;
import io.headroom.flink.forecast.ForecastJob;
import io.headroom.flink.forecast.ForecastSettings;
import io.headroom.flink.scaling.ScalingJob;
import io.headroom.flink.scaling.ScalingSettings;
import io.headroom.stack.FlinkRestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./headroom flink submit forecast|scaling [--jar FILE] [--rest URL] [--from-savepoint PATH]
 * [--parallelism N] -- job options}: what {@code flink run -d} does, through the REST API: upload
 * the shaded job jar, run its main class with the options, and wait until the job's tasks run.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a job to a Flink cluster: upload the job jar through the REST API and run it (as 'flink run -d').",
      "Job options follow '--', e.g.: flink submit scaling -- --bootstrap 127.0.0.1:9092 --targets targets.yaml",
      "Every job option: docs/flink.md."
    })
final class FlinkSubmitCommand implements Callable<Integer> {
  /** Job options naming local files: the cluster's processes run in another folder. */
  private static final Set<String> PATH_OPTIONS = Set.of("--targets", "--checkpoint-dir");

  enum Job {
    forecast,
    scaling
  }

  @Parameters(index = "0", paramLabel = "JOB", description = "forecast or scaling")
  Job job;

  @Parameters(
      index = "1..*",
      paramLabel = "JOB-OPTION",
      description = "The job's own --option value pairs, after '--'.")
  List<String> jobOptions = new ArrayList<>();

  @Mixin FlinkClusterOptions cluster = new FlinkClusterOptions();

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "The shaded job jar (default: " + FlinkCommand.JOB_JAR + ")")
  Path jar;

  @Option(
      names = "--from-savepoint",
      paramLabel = "PATH",
      description = "Start from this savepoint or retained checkpoint (as 'flink run -s').")
  String savepoint;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description =
          "The job's parallelism (its --parallelism option; default 1). Changing it on a resubmission"
              + " from a savepoint rescales the job's keyed state.")
  Integer parallelism;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the job's tasks to run (default: ${DEFAULT-VALUE}); 0s returns once it is submitted.")
  Duration wait;

  @Override
  public Integer call() throws Exception {
    Path jobJar = jobJar(jar);
    FlinkRestClient client = cluster.client();
    long started = System.nanoTime();
    String jobId = submit(client, jobJar, job, jobOptions, parallelism, savepoint);
    System.out.println("Submitted " + job + " to " + client.restUrl() + " as job " + jobId);
    if (!wait.isZero()) {
      FlinkJobWatch.awaitTasksRunning(client, jobId, wait);
      System.out.printf(
          "Job %s running (all tasks) %.1f s after submission%n",
          jobId, (System.nanoTime() - started) / 1e9);
    }
    System.out.println(
        "Cancel it with: ./headroom flink cancel "
            + jobId
            + (cluster.restUrl != null ? " --rest " + cluster.restUrl : ""));
    return 0;
  }

  /**
   * Uploads {@code jar} and runs {@code job} with its options {@code jobOptions} (local paths made
   * absolute, {@code parallelism} added when given) from {@code savepoint} (null: none), as 'flink
   * run -d'; the demo submits its jobs this way too.
   *
   * @return the job's id
   */
  static String submit(
      FlinkRestClient client,
      Path jar,
      Job job,
      List<String> jobOptions,
      Integer parallelism,
      String savepoint)
      throws IOException {
    List<String> args = withParallelism(absolutePaths(jobOptions), parallelism);
    String entryClass = checkedEntryClass(job, args);
    String jarId = client.uploadJar(jar);
    return client.runJar(jarId, entryClass, args, parallelism, savepoint);
  }

  /** Parses the options with the job's own parser first: a typo fails here, not on the cluster. */
  private static String checkedEntryClass(Job job, List<String> args) {
    JobArguments parsed = JobArguments.parse(args.toArray(String[]::new));
    if (job == Job.forecast) {
      ForecastSettings.fromArguments(parsed);
      return ForecastJob.class.getName();
    }
    ScalingSettings.fromArguments(parsed);
    return ScalingJob.class.getName();
  }

  /** {@code jar}, or the one the build made when null. */
  static Path jobJar(Path jar) {
    Path file = jar != null ? jar : ProjectHome.path().resolve(FlinkCommand.JOB_JAR);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--jar: no job jar at "
              + file
              + " (build it: mvn -B -pl flink-jobs -am package -DskipTests, or ./headroom build)");
    }
    return file;
  }

  /** The job's own --parallelism, which its main sets and a REST default would not override. */
  private static List<String> withParallelism(List<String> args, Integer parallelism) {
    if (parallelism == null) {
      return args;
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism: " + parallelism + " must be >= 1");
    }
    if (args.contains("--parallelism")) {
      throw new IllegalArgumentException(
          "--parallelism: given twice, before and after '--'; keep one");
    }
    List<String> out = new ArrayList<>(args);
    out.add("--parallelism");
    out.add(Integer.toString(parallelism));
    return out;
  }

  /** Makes local paths absolute, as the JobManager and TaskManagers resolve them elsewhere. */
  static List<String> absolutePaths(List<String> args) {
    List<String> out = new ArrayList<>(args);
    for (int i = 0; i + 1 < out.size(); i++) {
      String value = out.get(i + 1);
      if (PATH_OPTIONS.contains(out.get(i)) && !value.contains("://")) {
        out.set(i + 1, Path.of(value).toAbsolutePath().normalize().toString());
      }
    }
    return out;
  }
}
