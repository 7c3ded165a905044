package io.headroom.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The parts of Flink's REST API ({@code /jars}, {@code /jobs}, {@code /overview}) that submitting
 * and managing a job jar needs, as {@code flink run} and the web UI use them. Works against any
 * Flink 2.x cluster, not only the stack's.
 */
public final class FlinkRestClient {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_ERROR_LINES = 12;

  private final String restUrl;
  private final HttpClient http;

  public FlinkRestClient(String restUrl) {
    this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String restUrl() {
    return restUrl;
  }

  public record Overview(String flinkVersion, int taskManagers, int slotsTotal, int slotsFree) {}

  public record JobSummary(String id, String name, String state, long startTimeMillis) {}

  /**
   * A job and the states of its tasks (vertices); {@link #tasksRunning} is when it processes data.
   */
  public record JobDetails(String id, String name, String state, List<String> vertexStates) {
    public boolean tasksRunning() {
      return state.equals("RUNNING")
          && !vertexStates.isEmpty()
          && vertexStates.stream().allMatch("RUNNING"::equals);
    }
  }

  public Overview overview() throws IOException {
    Map<String, Object> body = Json.object(send(get("/overview")));
    return new Overview(
        String.valueOf(body.get("flink-version")),
        integer(body.get("taskmanagers")),
        integer(body.get("slots-total")),
        integer(body.get("slots-available")));
  }

  /** Uploads a job jar ({@code POST /jars/upload}); returns the id the cluster gave it. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "headroom-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        request("/jars/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    String filename = String.valueOf(Json.object(send(request)).get("filename"));
    // The answer names the stored file; its last path element is the id /jars/:id/run takes.
    return Path.of(filename).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's main class ({@code POST /jars/:id/run}): the JobManager calls {@code
   * main(args)} and submits the job it builds. Returns the job id.
   *
   * @param parallelism null for the job's own default
   * @param savepointPath null to start without state
   */
  public String runJar(
      String jarId, String entryClass, List<String> args, Integer parallelism, String savepointPath)
      throws IOException {
    StringBuilder json = new StringBuilder("{\"entryClass\":").append(Json.quote(entryClass));
    json.append(",\"programArgsList\":[")
        .append(args.stream().map(Json::quote).collect(Collectors.joining(",")))
        .append(']');
    if (parallelism != null) {
      json.append(",\"parallelism\":").append(parallelism);
    }
    if (savepointPath != null) {
      // As 'flink run -s' without --allowNonRestoredState: state the job cannot map is an error.
      json.append(",\"savepointPath\":").append(Json.quote(savepointPath));
      json.append(",\"allowNonRestoredState\":false");
    }
    json.append('}');
    HttpRequest request =
        request("/jars/" + jarId + "/run")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
            .build();
    return String.valueOf(Json.object(send(request)).get("jobid"));
  }

  public List<JobSummary> jobs() throws IOException {
    List<JobSummary> jobs = new ArrayList<>();
    for (Object item : list(Json.object(send(get("/jobs/overview"))).get("jobs"))) {
      Map<?, ?> job = (Map<?, ?>) item;
      jobs.add(
          new JobSummary(
              String.valueOf(job.get("jid")),
              String.valueOf(job.get("name")),
              String.valueOf(job.get("state")),
              (long) number(job.get("start-time"))));
    }
    return jobs;
  }

  public JobDetails job(String jobId) throws IOException {
    Map<String, Object> job = Json.object(send(get("/jobs/" + jobId)));
    List<String> vertices = new ArrayList<>();
    for (Object vertex : list(job.get("vertices"))) {
      vertices.add(String.valueOf(((Map<?, ?>) vertex).get("status")));
    }
    return new JobDetails(
        String.valueOf(job.get("jid")),
        String.valueOf(job.get("name")),
        String.valueOf(job.get("state")),
        vertices);
  }

  /** Cancels a job ({@code PATCH /jobs/:id?mode=cancel}); its retained checkpoints stay. */
  public void cancel(String jobId) throws IOException {
    send(
        request("/jobs/" + jobId + "?mode=cancel")
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /**
   * Triggers a savepoint ({@code POST /jobs/:id/savepoints}), or stops the job with one ({@code
   * POST /jobs/:id/stop}, as {@code flink stop}: sources end, the last transactions are committed
   * and the job is FINISHED); returns the trigger id for {@link #savepointStatus}.
   *
   * @param targetDirectory null for the cluster's {@code execution.checkpointing.savepoint-dir}
   */
  public String triggerSavepoint(String jobId, String targetDirectory, boolean stop)
      throws IOException {
    StringBuilder json = new StringBuilder("{");
    if (stop) {
      json.append("\"drain\":false");
      if (targetDirectory != null) {
        json.append(",\"targetDirectory\":").append(Json.quote(targetDirectory));
      }
    } else {
      json.append("\"cancel-job\":false");
      if (targetDirectory != null) {
        json.append(",\"target-directory\":").append(Json.quote(targetDirectory));
      }
    }
    json.append('}');
    HttpRequest request =
        request("/jobs/" + jobId + (stop ? "/stop" : "/savepoints"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
            .build();
    return String.valueOf(Json.object(send(request)).get("request-id"));
  }

  /**
   * A savepoint operation: {@code inProgress} until it completes, then the savepoint's {@code
   * location}, or the {@code failure} that stopped it.
   */
  public record SavepointStatus(boolean inProgress, String location, String failure) {}

  /** The state of a savepoint trigger ({@code GET /jobs/:id/savepoints/:triggerId}). */
  public SavepointStatus savepointStatus(String jobId, String triggerId) throws IOException {
    Map<String, Object> body =
        Json.object(send(get("/jobs/" + jobId + "/savepoints/" + triggerId)));
    Object status = body.get("status");
    String id = status instanceof Map<?, ?> m ? String.valueOf(m.get("id")) : "";
    if (!id.equals("COMPLETED")) {
      return new SavepointStatus(true, null, null);
    }
    Map<?, ?> operation = body.get("operation") instanceof Map<?, ?> m ? m : Map.of();
    Object location = operation.get("location");
    if (location != null) {
      return new SavepointStatus(false, String.valueOf(location), null);
    }
    Object cause = operation.get("failure-cause");
    String failure =
        cause instanceof Map<?, ?> c && c.get("stack-trace") != null
            ? firstLines(String.valueOf(c.get("stack-trace")))
            : String.valueOf(cause);
    return new SavepointStatus(false, null, failure);
  }

  /**
   * Triggers a savepoint (or a stop with one) and waits for it; returns its location.
   *
   * @throws IOException when it fails (the message says why) or does not complete in time
   */
  public String savepoint(String jobId, String targetDirectory, boolean stop, Duration timeout)
      throws IOException {
    String trigger = triggerSavepoint(jobId, targetDirectory, stop);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      SavepointStatus status = savepointStatus(jobId, trigger);
      if (!status.inProgress()) {
        if (status.location() == null) {
          throw new IOException(
              (stop ? "stop-with-savepoint" : "savepoint")
                  + " of job "
                  + jobId
                  + " failed: "
                  + status.failure());
        }
        return status.location();
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "savepoint of job "
                + jobId
                + " not completed after "
                + timeout.toSeconds()
                + " s (trigger "
                + trigger
                + ")");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for savepoint " + trigger, e);
      }
    }
  }

  /** A TaskManager as {@code /taskmanagers} lists it. */
  public record TaskManager(String id, int slots, int freeSlots) {}

  public List<TaskManager> taskManagers() throws IOException {
    List<TaskManager> out = new ArrayList<>();
    for (Object item : list(Json.object(send(get("/taskmanagers"))).get("taskmanagers"))) {
      Map<?, ?> tm = (Map<?, ?>) item;
      out.add(
          new TaskManager(
              String.valueOf(tm.get("id")),
              integer(tm.get("slotsNumber")),
              integer(tm.get("freeSlots"))));
    }
    return out;
  }

  private static String firstLines(String trace) {
    List<String> lines = new ArrayList<>();
    for (String line : trace.split("\n")) {
      if (!line.isBlank() && !line.startsWith("\tat ") && !line.startsWith("\t... ")) {
        lines.add(line.strip());
      }
    }
    return String.join("\n  ", lines.subList(0, Math.min(lines.size(), MAX_ERROR_LINES)));
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(restUrl + path)).timeout(CALL_TIMEOUT);
  }

  private String send(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + request.uri(), e);
    } catch (IOException e) {
      throw new IOException(
          "Flink REST API at " + restUrl + " does not answer (" + e + "); is the cluster up?", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          request.method()
              + " "
              + request.uri().getPath()
              + " failed with HTTP "
              + response.statusCode()
              + ": "
              + errors(response.body()));
    }
    return response.body();
  }

  /**
   * Flink's {@code {"errors": [...]}} without the stack frames: a failed {@code run} carries the
   * job main's whole trace, whose "Caused by" lines say what went wrong.
   */
  static String errors(String body) {
    try {
      List<String> lines = new ArrayList<>();
      for (Object error : list(Json.object(body).get("errors"))) {
        for (String line : String.valueOf(error).split("\n")) {
          if (!line.isBlank() && !line.startsWith("\tat ") && !line.startsWith("\t... ")) {
            lines.add(line.strip());
          }
        }
      }
      return lines.isEmpty()
          ? body
          : String.join("\n  ", lines.subList(0, Math.min(lines.size(), MAX_ERROR_LINES)));
    } catch (RuntimeException e) {
      return body;
    }
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> items ? items : List.of();
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private static int integer(Object value) {
    return (int) number(value);
  }
}
