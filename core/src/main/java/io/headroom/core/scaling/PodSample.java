package io.headroom.core.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the engine knows about one pod of the target at decision time.
 *
 * <p>Metric values are keyed as {@link MetricSpec#key()}: {@code cpu}, {@code memory}, {@code
 * container/cpu}, or a custom metric name. For a resource compared against a Utilization target the
 * value is the pod's usage and {@code requests} holds its request for the same key (utilization =
 * total usage / total requests, as upstream); when no request is given, the value is read as a
 * utilization in percent (a request of 100). A key absent from {@code metrics} is a missing sample.
 *
 * @param name pod name, for explanations
 * @param phase pod phase; Pending pods are set aside, Failed ones ignored
 * @param deleting true when the pod has a deletion timestamp (ignored, as upstream)
 * @param ready the Ready condition: TRUE, FALSE, or {@code null} when the pod has none yet
 * @param startTime when the pod started, or {@code null} if it has not
 * @param readyTransitionTime last transition time of the Ready condition ({@code null}: the start
 *     time)
 * @param sampleTime when the resource sample was taken ({@code null}: at decision time)
 * @param sampleWindow the window the resource sample averages over ({@code null}: zero)
 * @param metrics metric values by key
 * @param requests resource requests by key, for Utilization targets
 */
public record PodSample(
    String name,
    Phase phase,
    boolean deleting,
    Boolean ready,
    Instant startTime,
    Instant readyTransitionTime,
    Instant sampleTime,
    Duration sampleWindow,
    Map<String, Double> metrics,
    Map<String, Double> requests) {

  /** Upstream pod phases. */
  public enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown
  }

  public PodSample {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: missing, a pod needs a name");
    }
    phase = phase == null ? Phase.Running : phase;
    metrics = Map.copyOf(metrics == null ? Map.of() : metrics);
    requests = Map.copyOf(requests == null ? Map.of() : requests);
  }

  /** A running, ready pod that started at {@code startTime}, with the given metric values. */
  public static PodSample ready(String name, Instant startTime, Map<String, Double> metrics) {
    return new PodSample(
        name,
        Phase.Running,
        false,
        Boolean.TRUE,
        startTime,
        startTime,
        null,
        null,
        metrics,
        Map.of());
  }

  /** A running pod whose Ready condition is false since {@code startTime}. */
  public static PodSample unready(String name, Instant startTime, Map<String, Double> metrics) {
    return new PodSample(
        name,
        Phase.Running,
        false,
        Boolean.FALSE,
        startTime,
        startTime,
        null,
        null,
        metrics,
        Map.of());
  }

  public PodSample withPhase(Phase newPhase) {
    return new PodSample(
        name,
        newPhase,
        deleting,
        ready,
        startTime,
        readyTransitionTime,
        sampleTime,
        sampleWindow,
        metrics,
        requests);
  }

  public PodSample withDeleting(boolean newDeleting) {
    return new PodSample(
        name,
        phase,
        newDeleting,
        ready,
        startTime,
        readyTransitionTime,
        sampleTime,
        sampleWindow,
        metrics,
        requests);
  }

  public PodSample withReady(Boolean newReady, Instant transitionTime) {
    return new PodSample(
        name,
        phase,
        deleting,
        newReady,
        startTime,
        transitionTime,
        sampleTime,
        sampleWindow,
        metrics,
        requests);
  }

  public PodSample withSample(Instant newSampleTime, Duration newWindow) {
    return new PodSample(
        name,
        phase,
        deleting,
        ready,
        startTime,
        readyTransitionTime,
        newSampleTime,
        newWindow,
        metrics,
        requests);
  }

  public PodSample withRequest(String key, double request) {
    Map<String, Double> newRequests = new HashMap<>(requests);
    newRequests.put(key, request);
    return new PodSample(
        name,
        phase,
        deleting,
        ready,
        startTime,
        readyTransitionTime,
        sampleTime,
        sampleWindow,
        metrics,
        newRequests);
  }

  /** True when the pod is Running with a true Ready condition (what upstream counts as ready). */
  public boolean runningAndReady() {
    return phase == Phase.Running && Boolean.TRUE.equals(ready);
  }
}
