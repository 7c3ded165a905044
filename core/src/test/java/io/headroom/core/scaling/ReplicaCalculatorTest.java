package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static io.headroom.core.scaling.HpaFixtures.UPSTREAM_TEST_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which pods count as ready, set aside (unready) or missing, restating upstream's TestGroupPods (2
 * min CPU initialization period, 10 s initial readiness delay).
 */
class ReplicaCalculatorTest {
  private static final MetricSpec CPU =
      new MetricSpec.Resource("cpu", MetricTarget.utilization(50));
  private static final MetricSpec MEMORY =
      new MetricSpec.Resource("memory", MetricTarget.utilization(50));

  record GroupCase(
      String name, MetricSpec metric, PodSample pod, int ready, int unready, int missing) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static PodSample pod(
      Boolean ready,
      Duration startedAgo,
      Duration transitionAgo,
      Duration sampleAgo,
      Duration window,
      Map<String, Double> metrics) {
    Instant start = startedAgo == null ? null : T0.minus(startedAgo);
    Instant transition = transitionAgo == null ? start : T0.minus(transitionAgo);
    return new PodSample(
        "pod",
        PodSample.Phase.Succeeded,
        false,
        ready,
        start,
        transition,
        sampleAgo == null ? null : T0.minus(sampleAgo),
        window,
        metrics,
        Map.of());
  }

  static Stream<GroupCase> cases() {
    Map<String, Double> cpu = Map.of("cpu", 1.0);
    Duration s30 = Duration.ofSeconds(30);
    return Stream.of(
        new GroupCase(
            "memory: a pod without readiness still counts → ready",
            MEMORY,
            pod(null, null, null, Duration.ZERO, Duration.ofMinutes(1), Map.of("memory", 1.0)),
            1,
            0,
            0),
        new GroupCase(
            "cpu: a pod without a Ready condition → unready",
            CPU,
            pod(null, Duration.ZERO, null, null, null, cpu),
            0,
            1,
            0),
        new GroupCase(
            "cpu: ready 30s after a 1 min start, sample a full 30s window later → ready",
            CPU,
            pod(true, Duration.ofMinutes(1), s30, Duration.ZERO, s30, cpu),
            1,
            0,
            0),
        new GroupCase(
            "cpu: ready 30s ago but the sample window is 60s → unready",
            CPU,
            pod(true, Duration.ofMinutes(1), s30, Duration.ZERO, Duration.ofMinutes(1), cpu),
            0,
            1,
            0),
        new GroupCase(
            "cpu: never ready, readiness changed 6s after start, after initialization → unready",
            CPU,
            pod(false, Duration.ofMinutes(10), Duration.ofSeconds(594), null, null, cpu),
            0,
            1,
            0),
        new GroupCase(
            "cpu: ready sample older than a window but after initialization → ready",
            CPU,
            pod(
                true,
                Duration.ofMinutes(3),
                Duration.ofMinutes(3),
                Duration.ofMinutes(2),
                Duration.ofMinutes(1),
                cpu),
            1,
            0,
            0),
        new GroupCase(
            "cpu: unready now but was ready a minute after start → counted as ready",
            CPU,
            pod(false, Duration.ofMinutes(10), Duration.ofMinutes(9), null, null, cpu),
            1,
            0,
            0),
        new GroupCase(
            "cpu: readiness changed exactly at the 10s delay → counted as ready",
            CPU,
            pod(false, Duration.ofMinutes(10), Duration.ofSeconds(590), null, null, cpu),
            1,
            0,
            0),
        new GroupCase(
            "cpu: no sample → missing",
            CPU,
            pod(null, Duration.ofMinutes(3), null, null, null, Map.of()),
            0,
            0,
            1),
        new GroupCase(
            "pending pod → unready",
            CPU,
            pod(false, null, null, null, null, Map.of()).withPhase(PodSample.Phase.Pending),
            0,
            1,
            0),
        new GroupCase(
            "pod being deleted → ignored",
            CPU,
            pod(true, Duration.ofMinutes(3), null, null, null, cpu)
                .withPhase(PodSample.Phase.Pending)
                .withDeleting(true),
            0,
            0,
            0),
        new GroupCase(
            "failed pod → ignored",
            CPU,
            pod(true, Duration.ofMinutes(3), null, null, null, cpu)
                .withPhase(PodSample.Phase.Failed),
            0,
            0,
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void groupPods_followsUpstreamReadinessRules(GroupCase groupCase) {
    ReplicaCalculator calculator = new ReplicaCalculator(UPSTREAM_TEST_SETTINGS);
    ReplicaCalculator.PodGroups groups =
        calculator.groupPods(
            groupCase.metric(), new Observation.PerPod(1, List.of(groupCase.pod()), Map.of()), T0);
    assertThat(new int[] {groups.ready, groups.unready, groups.missing})
        .containsExactly(groupCase.ready(), groupCase.unready(), groupCase.missing());
  }
}
