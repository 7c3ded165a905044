package io.headroom.core.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Named instants, pods and specs shared by the scaling tests. */
final class HpaFixtures {
  /** Decision time of every case. */
  static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

  /** A pod that started long before the CPU initialization period ("cool" upstream). */
  static final Instant LONG_AGO = T0.minus(Duration.ofHours(1));

  /**
   * Upstream's replica-calculator tests run with a 2 min CPU initialization period and a 10 s
   * readiness delay.
   */
  static final EngineSettings UPSTREAM_TEST_SETTINGS =
      new EngineSettings(0.1, Duration.ofMinutes(2), Duration.ofSeconds(10));

  /** Upstream's metrics in those tests average over a one-minute window. */
  static final Duration METRIC_WINDOW = Duration.ofMinutes(1);

  private HpaFixtures() {}

  static MetricSpec cpu(int targetPercent) {
    return new MetricSpec.Resource("cpu", MetricTarget.utilization(targetPercent));
  }

  static MetricSpec podsMetric(String name, double averageValue) {
    return new MetricSpec.Pods(name, MetricTarget.averageValue(averageValue));
  }

  static MetricSpec objectValue(String name, double value) {
    return new MetricSpec.ObjectMetric(
        name, "Deployment/some-deployment", MetricTarget.value(value));
  }

  static MetricSpec objectAverage(String name, double averageValue) {
    return new MetricSpec.ObjectMetric(
        name, "Deployment/some-deployment", MetricTarget.averageValue(averageValue));
  }

  static MetricSpec externalValue(String name, double value) {
    return new MetricSpec.External(name, MetricTarget.value(value));
  }

  static MetricSpec externalAverage(String name, double averageValue) {
    return new MetricSpec.External(name, MetricTarget.averageValue(averageValue));
  }

  /**
   * A spec whose behavior never interferes: no windows, scale-up 1000 pods per 15 s, scale-down 100
   * % per 15 s, bounds 1..1000. Used to pin the per-metric calculation.
   */
  static HpaSpec calcSpec(MetricSpec... metrics) {
    return new HpaSpec(1, 1000, List.of(metrics), openBehavior(0, 0));
  }

  /** No rate limit in practice; the given windows. */
  static Behavior openBehavior(int upWindowSeconds, int downWindowSeconds) {
    return new Behavior(
        new ScalingRules(
            upWindowSeconds, SelectPolicy.Max, List.of(ScalingPolicy.pods(100_000, 15))),
        new ScalingRules(
            downWindowSeconds, SelectPolicy.Max, List.of(ScalingPolicy.percent(100, 15))));
  }

  /**
   * Upstream's generateScalingRules(pods, podsPeriod, percent, percentPeriod, window): a policy for
   * each non-zero value, selectPolicy Max.
   */
  static ScalingRules rules(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
    List<ScalingPolicy> policies = new ArrayList<>();
    if (pods != 0) {
      policies.add(ScalingPolicy.pods(pods, podsPeriod));
    }
    if (percent != 0) {
      policies.add(ScalingPolicy.percent(percent, percentPeriod));
    }
    return new ScalingRules(window, SelectPolicy.Max, policies);
  }

  /**
   * A ready pod, started long ago, with a CPU usage in cores and a request of {@code request}
   * cores.
   */
  static PodSample cpuPod(int index, double usageCores, double request) {
    return PodSample.ready("pod-" + index, LONG_AGO, Map.of("cpu", usageCores))
        .withRequest("cpu", request)
        .withSample(T0, METRIC_WINDOW);
  }

  static PodSample cpuPod(int index, double usageCores) {
    return cpuPod(index, usageCores, 1.0);
  }

  /** A ready pod, started long ago, that reported no CPU sample (request 1 core). */
  static PodSample cpuPodWithoutSample(int index) {
    return new PodSample(
        "pod-" + index,
        PodSample.Phase.Running,
        false,
        Boolean.TRUE,
        LONG_AGO,
        LONG_AGO,
        T0,
        METRIC_WINDOW,
        Map.of(),
        Map.of("cpu", 1.0));
  }

  /** A ready pod with one custom metric value. */
  static PodSample metricPod(int index, String metric, double value) {
    return PodSample.ready("pod-" + index, LONG_AGO, Map.of(metric, value))
        .withSample(T0, METRIC_WINDOW);
  }

  /** A ready pod with no metric value at all. */
  static PodSample emptyPod(int index) {
    return PodSample.ready("pod-" + index, LONG_AGO, Map.of()).withSample(T0, METRIC_WINDOW);
  }

  /** The same pod with the given readiness (transition at its start, as upstream's test pods). */
  static PodSample ready(PodSample pod, boolean ready) {
    return pod.withReady(ready, pod.startTime());
  }

  /** The same pod started just now, still inside the CPU initialization period ("hot" upstream). */
  static PodSample hot(PodSample pod) {
    return new PodSample(
        pod.name(),
        pod.phase(),
        pod.deleting(),
        pod.ready(),
        T0,
        T0,
        pod.sampleTime(),
        pod.sampleWindow(),
        pod.metrics(),
        pod.requests());
  }

  /** An aggregate observation carrying only an External value, for behavior cases. */
  static Observation desired(int currentReplicas, int desiredReplicas) {
    return new Observation.Aggregate(
        currentReplicas, currentReplicas, Map.of(), Map.of("desired", (double) desiredReplicas));
  }

  /**
   * A spec whose raw recommendation is exactly the "desired" External value: an AverageValue target
   * of 1 proposes {@code ceil(value / 1)}; run it with tolerance 0.
   */
  static HpaSpec behaviorSpec(int min, int max, ScalingRules up, ScalingRules down) {
    return new HpaSpec(min, max, List.of(externalAverage("desired", 1)), new Behavior(up, down));
  }

  static final ScalingEngine EXACT =
      new ScalingEngine(new EngineSettings(0, Duration.ofMinutes(5), Duration.ofSeconds(30)));

  /**
   * Upstream's generateEventsUniformDistribution(changes, 120): events spread over the last {@code
   * periodSeconds}, each in the middle of its segment (e.g. 1,5,9 over 120 s at -100 s, -60 s, -20
   * s).
   */
  static List<ScalingHistory.ScaleEvent> spread(int periodSeconds, int... changes) {
    List<ScalingHistory.ScaleEvent> events = new ArrayList<>();
    double segment = (double) periodSeconds / changes.length;
    for (int i = 0; i < changes.length; i++) {
      double secondsAgo = periodSeconds - segment * (i + 1) + segment / 2;
      events.add(
          new ScalingHistory.ScaleEvent(T0.minusMillis(Math.round(secondsAgo * 1000)), changes[i]));
    }
    return events;
  }

  static ScalingHistory.Recommendation recommendation(int replicas, Duration ago) {
    return new ScalingHistory.Recommendation(T0.minus(ago), replicas);
  }
}
