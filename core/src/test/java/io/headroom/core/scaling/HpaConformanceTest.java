package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.EXACT;
import static io.headroom.core.scaling.HpaFixtures.LONG_AGO;
import static io.headroom.core.scaling.HpaFixtures.T0;
import static io.headroom.core.scaling.HpaFixtures.UPSTREAM_TEST_SETTINGS;
import static io.headroom.core.scaling.HpaFixtures.behaviorSpec;
import static io.headroom.core.scaling.HpaFixtures.calcSpec;
import static io.headroom.core.scaling.HpaFixtures.cpu;
import static io.headroom.core.scaling.HpaFixtures.cpuPod;
import static io.headroom.core.scaling.HpaFixtures.cpuPodWithoutSample;
import static io.headroom.core.scaling.HpaFixtures.desired;
import static io.headroom.core.scaling.HpaFixtures.emptyPod;
import static io.headroom.core.scaling.HpaFixtures.externalAverage;
import static io.headroom.core.scaling.HpaFixtures.externalValue;
import static io.headroom.core.scaling.HpaFixtures.hot;
import static io.headroom.core.scaling.HpaFixtures.metricPod;
import static io.headroom.core.scaling.HpaFixtures.objectAverage;
import static io.headroom.core.scaling.HpaFixtures.objectValue;
import static io.headroom.core.scaling.HpaFixtures.openBehavior;
import static io.headroom.core.scaling.HpaFixtures.podsMetric;
import static io.headroom.core.scaling.HpaFixtures.ready;
import static io.headroom.core.scaling.HpaFixtures.recommendation;
import static io.headroom.core.scaling.HpaFixtures.rules;
import static io.headroom.core.scaling.HpaFixtures.spread;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with the Kubernetes HPA controller. Each case restates a scenario of upstream's
 * {@code pkg/controller/podautoscaler} tests (named in {@code upstream}) or of the HPA
 * documentation, runs the whole engine, and checks the raw recommendation, the replicas set and the
 * limit reported.
 *
 * <p>Replica-calculator cases use {@link HpaFixtures#calcSpec} (no windows, no effective rate
 * limit) so the result is the calculator's; they run with upstream's test settings (2 min CPU
 * initialization, 10 s readiness delay). Upstream sums two containers per pod; here each pod has
 * one sample and one request, which leaves every utilization unchanged. Behavior cases feed the
 * recommendation through an External AverageValue metric with target 1 at tolerance 0, standing in
 * for upstream's {@code prenormalizedDesiredReplicas}.
 */
class HpaConformanceTest {

  /** One scenario; the name reads as "scenario → outcome". */
  record HpaCase(
      String name,
      String upstream,
      ScalingEngine engine,
      HpaSpec spec,
      Observation observation,
      ScalingHistory history,
      int expectedRecommendation,
      int expectedReplicas,
      Limit expectedLimit) {
    @Override
    public String toString() {
      return name + " [" + upstream + "]";
    }
  }

  private static final ScalingEngine UPSTREAM_TEST_ENGINE =
      new ScalingEngine(UPSTREAM_TEST_SETTINGS);

  private static HpaCase calc(
      String name,
      String upstream,
      MetricSpec metric,
      int current,
      List<PodSample> pods,
      int expected,
      Limit limit) {
    return new HpaCase(
        name,
        upstream,
        UPSTREAM_TEST_ENGINE,
        calcSpec(metric),
        Observation.ofPods(current, pods),
        ScalingHistory.empty(),
        expected,
        expected,
        limit);
  }

  private static HpaCase object(
      String name,
      String upstream,
      MetricSpec metric,
      double value,
      int current,
      List<PodSample> pods,
      int expected,
      Limit limit) {
    return new HpaCase(
        name,
        upstream,
        UPSTREAM_TEST_ENGINE,
        calcSpec(metric),
        Observation.ofPods(current, pods, Map.of("qps", value)),
        ScalingHistory.empty(),
        expected,
        expected,
        limit);
  }

  private static List<PodSample> cpuPods(double... usageCores) {
    List<PodSample> pods = new ArrayList<>();
    for (int i = 0; i < usageCores.length; i++) {
      pods.add(cpuPod(i, usageCores[i]));
    }
    return pods;
  }

  private static List<PodSample> qpsPods(double... values) {
    List<PodSample> pods = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      pods.add(metricPod(i, "qps", values[i]));
    }
    return pods;
  }

  private static List<PodSample> readyPods(int count) {
    List<PodSample> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pods.add(emptyPod(i));
    }
    return pods;
  }

  private static List<PodSample> withReadiness(List<PodSample> pods, boolean... readiness) {
    List<PodSample> result = new ArrayList<>(pods);
    for (int i = 0; i < readiness.length; i++) {
      result.set(i, ready(result.get(i), readiness[i]));
    }
    return result;
  }

  private static List<PodSample> plus(List<PodSample> pods, PodSample... more) {
    List<PodSample> result = new ArrayList<>(pods);
    result.addAll(List.of(more));
    return result;
  }

  static Stream<HpaCase> replicaCalculatorCases() {
    return Stream.of(
        calc(
            "cpu 50% vs target 30% on 3 pods → 5",
            "TestReplicaCalcScaleUp",
            cpu(30),
            3,
            cpuPods(0.3, 0.5, 0.7),
            5,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "one unready pod counts as 0% on scale-up → 4 instead of 6",
            "TestReplicaCalcScaleUpUnreadyLessScale",
            cpu(30),
            3,
            withReadiness(cpuPods(0.3, 0.5, 0.7), false, true, true),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "one pod inside the CPU initialization period counts as 0% → 4",
            "TestReplicaCalcScaleUpHotCpuLessScale",
            cpu(30),
            3,
            List.of(hot(cpuPod(0, 0.3)), cpuPod(1, 0.5), cpuPod(2, 0.7)),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "two unready pods at 0% turn the scale-up around → stays 3",
            "TestReplicaCalcScaleUpUnreadyNoScale",
            cpu(30),
            3,
            withReadiness(cpuPods(0.4, 0.5, 0.7), true, false, false),
            3,
            Limit.WITHIN_TOLERANCE),
        calc(
            "two unready hot pods turn the scale-up around → stays 3",
            "TestReplicaCalcScaleHotCpuNoScale",
            cpu(30),
            3,
            List.of(
                cpuPod(0, 0.4),
                ready(hot(cpuPod(1, 0.5)), false),
                ready(hot(cpuPod(2, 0.7)), false)),
            3,
            Limit.WITHIN_TOLERANCE),
        calc(
            "failed pods are ignored → 60% on 2 pods gives 4",
            "TestReplicaCalcScaleUpIgnoresFailedPods",
            cpu(30),
            2,
            plus(
                cpuPods(0.5, 0.7),
                ready(cpuPodWithoutSample(2), false).withPhase(PodSample.Phase.Failed),
                ready(cpuPodWithoutSample(3), false).withPhase(PodSample.Phase.Failed)),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "pods being deleted are ignored → 4",
            "TestReplicaCalcScaleUpIgnoresDeletionPods",
            cpu(30),
            2,
            plus(
                cpuPods(0.5, 0.7),
                ready(cpuPodWithoutSample(2), false).withDeleting(true),
                ready(cpuPodWithoutSample(3), false).withDeleting(true)),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "qps 20 per pod vs target 15 on 3 pods → 4",
            "TestReplicaCalcScaleUpCM",
            podsMetric("qps", 15),
            3,
            qpsPods(20, 10, 30),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "readiness does not matter for a non-CPU metric → 6",
            "TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale",
            podsMetric("qps", 15),
            3,
            List.of(
                metricPod(0, "qps", 50),
                metricPod(1, "qps", 10),
                ready(hot(metricPod(2, "qps", 30)), false)),
            6,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "average 31.666 truncated to milli-units vs 15 → 7",
            "TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown",
            podsMetric("qps", 15),
            3,
            List.of(
                ready(hot(metricPod(0, "qps", 50)), false),
                metricPod(1, "qps", 15),
                ready(hot(metricPod(2, "qps", 30)), false)),
            7,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "Object value 20 vs 15 on 3 ready pods → 4",
            "TestReplicaCalcScaleUpCMObject",
            objectValue("qps", 15),
            20,
            3,
            readyPods(3),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "Object average 20/3 per pod vs 5 → ceil(20/5) = 4",
            "TestReplicaCalcScaleUpCMPerPodObject",
            objectAverage("qps", 5),
            20,
            3,
            readyPods(3),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "Object value scales the ready pods only → 5 instead of 15",
            "TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods",
            objectValue("qps", 10),
            50,
            3,
            withReadiness(readyPods(3), false, true, false),
            5,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "External value 8.6 vs 4.4 times 1 ready pod → 2 instead of 6",
            "TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods",
            externalValue("qps", 4.4),
            8.6,
            3,
            withReadiness(readyPods(3), false, true, false),
            2,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "External average 8.6 vs 2.15 per pod → 4",
            "TestReplicaCalcScaleUpPerPodCMExternal",
            externalAverage("qps", 2.15),
            8.6,
            3,
            readyPods(3),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "cpu 28% vs 50% on 5 pods → 3",
            "TestReplicaCalcScaleDown",
            cpu(50),
            5,
            cpuPods(0.1, 0.3, 0.5, 0.25, 0.25),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "qps 12 vs 20 on 5 pods → 3",
            "TestReplicaCalcScaleDownCM",
            podsMetric("qps", 20),
            5,
            qpsPods(12, 12, 12, 12, 12),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "Object average 6/5 per pod vs 2 → 3",
            "TestReplicaCalcScaleDownPerPodCMObject",
            objectAverage("qps", 2),
            6,
            5,
            readyPods(5),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "Object value 12 vs 20 on 5 ready pods → 3",
            "TestReplicaCalcScaleDownCMObject",
            objectValue("qps", 20),
            12,
            5,
            readyPods(5),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "External value 8.6 vs 14.334 on 5 ready pods → 3",
            "TestReplicaCalcScaleDownCMExternal",
            externalValue("qps", 14.334),
            8.6,
            5,
            readyPods(5),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        object(
            "External average 8.6 vs 2.867 per pod → 3",
            "TestReplicaCalcScaleDownPerPodCMExternal",
            externalAverage("qps", 2.867),
            8.6,
            5,
            readyPods(5),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "unready pods are left out of a scale-down → 30% on 3 ready gives 2",
            "TestReplicaCalcScaleDownExcludeUnreadyPods",
            cpu(50),
            5,
            withReadiness(cpuPods(0.1, 0.3, 0.5, 0.25, 0.25), true, true, true, false, false),
            2,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "pending pods are left out of a scale-down → 1",
            "TestReplicaCalcScaleDownExcludeUnscheduledPods",
            cpu(50),
            5,
            plus(
                cpuPods(0.1),
                ready(cpuPodWithoutSample(1), false).withPhase(PodSample.Phase.Pending),
                ready(cpuPodWithoutSample(2), false).withPhase(PodSample.Phase.Pending),
                ready(cpuPodWithoutSample(3), false).withPhase(PodSample.Phase.Pending),
                ready(cpuPodWithoutSample(4), false).withPhase(PodSample.Phase.Pending)),
            1,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "hot CPU pods are left out of a scale-down → 2",
            "TestReplicaCalcScaleDownIgnoreHotCpuPods",
            cpu(50),
            5,
            List.of(
                cpuPod(0, 0.1),
                cpuPod(1, 0.3),
                cpuPod(2, 0.5),
                hot(cpuPod(3, 0.25)),
                hot(cpuPod(4, 0.25))),
            2,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "failed pods are ignored on a scale-down → 3",
            "TestReplicaCalcScaleDownIgnoresFailedPods",
            cpu(50),
            5,
            plus(
                cpuPods(0.1, 0.3, 0.5, 0.25, 0.25),
                ready(cpuPodWithoutSample(5), false).withPhase(PodSample.Phase.Failed),
                ready(cpuPodWithoutSample(6), false).withPhase(PodSample.Phase.Failed)),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "pods being deleted are ignored on a scale-down → 3",
            "TestReplicaCalcScaleDownIgnoresDeletionPods",
            cpu(50),
            5,
            plus(
                cpuPods(0.1, 0.3, 0.5, 0.25, 0.25),
                ready(cpuPodWithoutSample(5), false).withDeleting(true),
                ready(cpuPodWithoutSample(6), false).withDeleting(true)),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "102% of requests 0.9/1.0/1.1 vs 100% is within tolerance → stays 3",
            "TestReplicaCalcTolerance",
            cpu(100),
            3,
            List.of(cpuPod(0, 1.01, 0.9), cpuPod(1, 1.03, 1.0), cpuPod(2, 1.02, 1.1)),
            3,
            Limit.WITHIN_TOLERANCE),
        calc(
            "qps 20.666 vs 20 is within tolerance → stays 3",
            "TestReplicaCalcToleranceCM",
            podsMetric("qps", 20),
            3,
            qpsPods(20, 21, 21),
            3,
            Limit.WITHIN_TOLERANCE),
        object(
            "Object value 20.666 vs 20 → stays 3",
            "TestReplicaCalcToleranceCMObject",
            objectValue("qps", 20),
            20.666,
            3,
            readyPods(3),
            3,
            Limit.WITHIN_TOLERANCE),
        object(
            "Object average 20.166/4 per pod vs 5 → stays 4",
            "TestReplicaCalcTolerancePerPodCMObject",
            objectAverage("qps", 5),
            20.166,
            4,
            readyPods(4),
            4,
            Limit.WITHIN_TOLERANCE),
        object(
            "External value 8.6 vs 8.888 → stays 3",
            "TestReplicaCalcToleranceCMExternal",
            externalValue("qps", 8.888),
            8.6,
            3,
            readyPods(3),
            3,
            Limit.WITHIN_TOLERANCE),
        object(
            "External average 8.6/3 per pod vs 2.9 → stays 3",
            "TestReplicaCalcTolerancePerPodCMExternal",
            externalAverage("qps", 2.9),
            8.6,
            3,
            readyPods(3),
            3,
            Limit.WITHIN_TOLERANCE),
        calc(
            "utilization truncates to 587% → ceil(5.87 × 4) = 24",
            "TestReplicaCalcSuperfluousMetrics",
            cpu(100),
            4,
            cpuPods(4.0, 9.5, 3.0, 7.0),
            24,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "two pods missing on a scale-down count at 100% → 3 instead of 1",
            "TestReplicaCalcMissingMetrics",
            cpu(100),
            4,
            plus(cpuPods(0.4, 0.095), cpuPodWithoutSample(2), cpuPodWithoutSample(3)),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "ratio exactly 1 with a missing pod → stays 5",
            "TestPlainMetricReplicaCalcMissingMetricsNoChangeEq",
            podsMetric("qps", 20),
            5,
            plus(qpsPods(20, 19, 21), emptyPod(3), emptyPod(4)),
            5,
            Limit.WITHIN_TOLERANCE),
        calc(
            "cpu exactly at target with a missing pod → stays 2",
            "TestReplicaCalcMissingMetricsNoChangeEq",
            cpu(100),
            2,
            plus(cpuPods(1.0), cpuPodWithoutSample(1)),
            2,
            Limit.WITHIN_TOLERANCE),
        calc(
            "190% with a missing pod at 0% is 95%, within tolerance → stays 2",
            "TestReplicaCalcMissingMetricsNoChangeGt",
            cpu(100),
            2,
            plus(cpuPods(1.9), cpuPodWithoutSample(1)),
            2,
            Limit.WITHIN_TOLERANCE),
        calc(
            "60% with a missing pod at 100% is 80% → ceil(1.6) = 2, no change",
            "TestReplicaCalcMissingMetricsNoChangeLt",
            cpu(100),
            2,
            plus(cpuPods(0.6), cpuPodWithoutSample(1)),
            2,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "missing pod at 100% flips a scale-down into a scale-up → stays 3",
            "TestReplicaCalcMissingMetricsUnreadyChange",
            cpu(50),
            3,
            List.of(ready(cpuPod(0, 0.1), false), cpuPod(1, 0.45), cpuPodWithoutSample(2)),
            3,
            Limit.WITHIN_TOLERANCE),
        calc(
            "hot pod and missing pod flip the direction → stays 3",
            "TestReplicaCalcMissingMetricsHotCpuNoChange",
            cpu(50),
            3,
            List.of(hot(cpuPod(0, 0.1)), cpuPod(1, 0.45), cpuPodWithoutSample(2)),
            3,
            Limit.WITHIN_TOLERANCE),
        calc(
            "unready and missing pods at 0% on a scale-up → 4",
            "TestReplicaCalcMissingMetricsUnreadyScaleUp",
            cpu(50),
            3,
            List.of(ready(cpuPod(0, 0.1), false), cpuPod(1, 2.0), cpuPodWithoutSample(2)),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "hot unready and missing pods at 0% on a scale-up → 4",
            "TestReplicaCalcMissingMetricsHotCpuScaleUp",
            cpu(50),
            3,
            List.of(ready(hot(cpuPod(0, 0.1)), false), cpuPod(1, 2.0), cpuPodWithoutSample(2)),
            4,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "unready pod left out, missing pod at 100% on a scale-down → 3",
            "TestReplicaCalcMissingMetricsUnreadyScaleDown",
            cpu(50),
            4,
            List.of(
                ready(cpuPod(0, 0.1), false),
                cpuPod(1, 0.1),
                cpuPod(2, 0.1),
                cpuPodWithoutSample(3)),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "target 300%: a missing pod counts at the target, not 100% → 2",
            "TestReplicaCalcMissingMetricsScaleDownTargetOver100",
            cpu(300),
            4,
            List.of(
                ready(cpuPod(0, 0.2, 1.0), false),
                cpuPod(1, 0.1, 1.0),
                cpuPod(2, 0.1, 2.0),
                cpuPodWithoutSample(3).withRequest("cpu", 2.0)),
            2,
            Limit.DESIRED_WITHIN_RANGE),
        calc(
            "rolling update surge: the extra pod would turn a scale-down into growth → stays 2",
            "TestReplicaCalcDuringRollingUpdateWithMaxSurge",
            cpu(50),
            2,
            plus(cpuPods(0.1, 0.1), cpuPodWithoutSample(2)),
            2,
            Limit.WITHIN_TOLERANCE),
        calc(
            "rolling update surge with a custom metric → stays 2",
            "TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM",
            podsMetric("qps", 17),
            2,
            plus(qpsPods(10, 10), emptyPod(2)),
            2,
            Limit.WITHIN_TOLERANCE),
        computedTolerance(0.01, 9, Limit.DESIRED_WITHIN_RANGE, "just outside tolerance → 9"),
        computedTolerance(0.004, 10, Limit.WITHIN_TOLERANCE, "just inside tolerance → stays 10"),
        new HpaCase(
            "no pod reported cpu → no decision, stays 4",
            "TestReplicaCalcEmptyMetrics",
            UPSTREAM_TEST_ENGINE,
            calcSpec(cpu(100)),
            Observation.ofPods(
                4, List.of(cpuPodWithoutSample(0), cpuPodWithoutSample(1), cpuPodWithoutSample(2))),
            ScalingHistory.empty(),
            4,
            4,
            Limit.MISSING_METRICS));
  }

  /**
   * Upstream's TestReplicaCalcComputedToleranceAlgImplementation: 10 pods using 150m each against
   * requests spread around 300m (50 %), and a target placed just outside or inside the tolerance.
   */
  private static HpaCase computedTolerance(
      double offset, int expected, Limit limit, String outcome) {
    double target = 1 / (2 * (1 - 0.1)) + offset;
    int targetPercent = (int) (target * 100);
    int[] requestOffsets = {100, -100, 10, -10, 2, -2, 1, -1, 0, 0};
    List<PodSample> pods = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pods.add(cpuPod(i, 0.150, (300 + requestOffsets[i]) / 1000.0));
    }
    return calc(
        "50% of uneven requests vs " + targetPercent + "%: " + outcome,
        "TestReplicaCalcComputedToleranceAlgImplementation",
        cpu(targetPercent),
        10,
        pods,
        expected,
        limit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replicaCalculatorCases")
  void replicaCalculator(HpaCase hpaCase) {
    check(hpaCase);
  }

  // ---- reconcile-level scenarios (horizontal_test.go) -------------------------------------------

  private static HpaCase reconcile(
      String name,
      String upstream,
      HpaSpec spec,
      Observation observation,
      int expectedRecommendation,
      int expected,
      Limit limit) {
    return new HpaCase(
        name,
        upstream,
        ScalingEngine.withDefaults(),
        spec,
        observation,
        ScalingHistory.empty(),
        expectedRecommendation,
        expected,
        limit);
  }

  private static HpaSpec cpuSpec(int min, int max, int target) {
    return HpaSpec.cpu(min, max, target);
  }

  static Stream<HpaCase> reconcileCases() {
    HpaSpec upscaleCap =
        new HpaSpec(1, 100, List.of(cpu(10)), new Behavior(rules(0, 0, 700, 60, 0), null));
    return Stream.of(
        reconcile(
            "1 replica below minReplicas 2 → 2 at once",
            "TestScaleUpRCImmediately",
            cpuSpec(2, 6, 80),
            Observation.ofPods(1, cpuPods(0)),
            2,
            2,
            Limit.TOO_FEW_REPLICAS),
        reconcile(
            "6 replicas above maxReplicas 5 → 5 at once",
            "TestScaleDownRCImmediately",
            cpuSpec(2, 5, 50),
            Observation.ofPods(
                6, List.of(cpuPod(0, 8.0, 0.9), cpuPod(1, 9.5, 1.0), cpuPod(2, 1.0, 1.1))),
            5,
            5,
            Limit.TOO_MANY_REPLICAS),
        reconcile(
            "target at 0 replicas is left alone → 0, scaling disabled",
            "TestZeroReplicas",
            cpuSpec(3, 5, 90),
            Observation.ofPods(0, List.of()),
            0,
            0,
            Limit.SCALING_DISABLED),
        reconcile(
            "cpu 50% vs 30% → 5",
            "TestScaleUp",
            cpuSpec(2, 6, 30),
            Observation.ofPods(3, cpuPods(0.3, 0.5, 0.7)),
            5,
            5,
            Limit.DESIRED_WITHIN_RANGE),
        reconcile(
            "cpu 28% vs 50% with an empty window → 3",
            "TestScaleDown",
            cpuSpec(2, 6, 50),
            Observation.ofPods(5, cpuPods(0.1, 0.3, 0.5, 0.25, 0.25)),
            3,
            3,
            Limit.DESIRED_WITHIN_RANGE),
        reconcile(
            "200% vs 10% asks 60, 700 Percent/60s caps 3 at 24",
            "TestUpscaleCap",
            upscaleCap,
            Observation.ofPods(
                3, List.of(cpuPod(0, 0.1, 0.1), cpuPod(1, 0.2, 0.1), cpuPod(2, 0.3, 0.1))),
            60,
            24,
            Limit.SCALE_UP_POLICY),
        reconcile(
            "same with maxReplicas 20 → 20",
            "TestUpscaleCapGreaterThanMaxReplicas",
            new HpaSpec(1, 20, List.of(cpu(10)), upscaleCap.behavior()),
            Observation.ofPods(
                3, List.of(cpuPod(0, 0.1, 0.1), cpuPod(1, 0.2, 0.1), cpuPod(2, 0.3, 0.1))),
            60,
            20,
            Limit.TOO_MANY_REPLICAS),
        reconcile(
            "616% vs 90% asks 21, maxReplicas 5 → 5",
            "TestMaxReplicas",
            cpuSpec(2, 5, 90),
            Observation.ofPods(
                3, List.of(cpuPod(0, 8.0, 0.9), cpuPod(1, 9.5, 1.0), cpuPod(2, 1.0, 1.1))),
            21,
            5,
            Limit.TOO_MANY_REPLICAS),
        reconcile(
            "3% vs 90% asks 1, minReplicas 2 → 2",
            "TestMinReplicas",
            cpuSpec(2, 5, 90),
            Observation.ofPods(
                3, List.of(cpuPod(0, 0.01, 0.9), cpuPod(1, 0.095, 1.0), cpuPod(2, 0.01, 1.1))),
            1,
            2,
            Limit.TOO_FEW_REPLICAS),
        reconcile(
            "102% vs 100% → stays 3",
            "TestTolerance",
            cpuSpec(1, 5, 100),
            Observation.ofPods(
                3, List.of(cpuPod(0, 1.01, 0.9), cpuPod(1, 1.03, 1.0), cpuPod(2, 1.02, 1.1))),
            3,
            3,
            Limit.WITHIN_TOLERANCE),
        reconcile(
            "spec 4 with a 5th surge pod, all at target → stays 4",
            "TestMoreReplicasThanSpecNoScale",
            cpuSpec(1, 8, 50),
            Observation.ofPods(4, cpuPods(0.5, 0.5, 0.5, 0.5, 0.5)),
            4,
            4,
            Limit.WITHIN_TOLERANCE),
        reconcile(
            "cpu asks 4, the External metric fails: scale-up still allowed → 4",
            "TestScaleUpOneMetricEmpty",
            new HpaSpec(2, 6, List.of(cpu(30), externalValue("qps", 0.1)), null),
            Observation.ofPods(3, cpuPods(0.3, 0.4, 0.5)),
            4,
            4,
            Limit.DESIRED_WITHIN_RANGE),
        reconcile(
            "cpu asks 3, the External metric fails: no scale-down → stays 5",
            "TestNoScaleDownOneMetricEmpty",
            new HpaSpec(2, 6, List.of(cpu(50), externalValue("qps", 1)), null),
            Observation.ofPods(5, cpuPods(0.1, 0.3, 0.5, 0.25, 0.25)),
            3,
            5,
            Limit.MISSING_METRICS),
        reconcile(
            "cpu asks 3, a Pods metric has no sample: no scale-down → stays 5",
            "TestNoScaleDownOneMetricInvalid",
            new HpaSpec(2, 6, List.of(cpu(50), podsMetric("qps", 1)), null),
            Observation.ofPods(5, cpuPods(0.1, 0.3, 0.5, 0.25, 0.25)),
            3,
            5,
            Limit.MISSING_METRICS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reconcileCases")
  void reconcile(HpaCase hpaCase) {
    check(hpaCase);
  }

  // ---- behavior: rate policies (TestScalingWithRules, TestConvertDesiredReplicasWithRules)
  // --------

  private static HpaCase rate(
      String name,
      String upstream,
      int min,
      int max,
      ScalingRules up,
      ScalingRules down,
      List<ScalingHistory.ScaleEvent> upEvents,
      List<ScalingHistory.ScaleEvent> downEvents,
      int current,
      int desired,
      int expected,
      Limit limit) {
    // Upstream tests call the rate step alone; a scale-down window of 0 keeps stabilization out of
    // it.
    ScalingRules downRules =
        down == null ? ScalingRules.defaultScaleDown().withStabilizationWindowSeconds(0) : down;
    return new HpaCase(
        name,
        upstream,
        EXACT,
        behaviorSpec(min, max, up, downRules),
        desired(current, desired),
        new ScalingHistory(List.of(), upEvents, downEvents),
        desired,
        expected,
        limit);
  }

  private static HpaCase rate(
      String name,
      int min,
      int max,
      ScalingRules up,
      ScalingRules down,
      int current,
      int desired,
      int expected,
      Limit limit) {
    return rate(
        name,
        "TestScalingWithRules",
        min,
        max,
        up,
        down,
        List.of(),
        List.of(),
        current,
        desired,
        expected,
        limit);
  }

  static Stream<HpaCase> ratePolicyCases() {
    List<ScalingHistory.ScaleEvent> none = List.of();
    return Stream.of(
        rate("5 → 7 within 3..8 → 7", 3, 8, null, null, 5, 7, 7, Limit.DESIRED_WITHIN_RANGE),
        rate(
            "3 → 1 below minReplicas 2 → 2", 3 - 1, 8, null, null, 3, 1, 2, Limit.TOO_FEW_REPLICAS),
        // Upstream calls the rate step alone here; the controller brings a count above maxReplicas
        // down before it reads any metric, so the recorded recommendation is the bound itself.
        new HpaCase(
            "20 above maxReplicas 10, metrics asking 1000 → 10",
            "TestScalingWithRules",
            EXACT,
            behaviorSpec(1, 10, ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown()),
            desired(20, 1000),
            ScalingHistory.empty(),
            10,
            10,
            Limit.TOO_MANY_REPLICAS),
        rate(
            "100 → 1000 with maxReplicas 150 → 150",
            100,
            150,
            null,
            null,
            100,
            1000,
            150,
            Limit.TOO_MANY_REPLICAS),
        rate(
            "3 → 1000 with 1 Percent/60s → ceil(3.03) = 4",
            1,
            2000,
            rules(0, 0, 1, 60, 0),
            null,
            3,
            1000,
            4,
            Limit.SCALE_UP_POLICY),
        rate(
            "1000 → 3 with 20 Pods/60s → 980",
            3,
            2000,
            null,
            rules(20, 60, 0, 0, 0),
            1000,
            3,
            980,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "10 → 50 with the default scale-up (4 Pods or 100 Percent per 15s) → 20",
            1,
            1000,
            null,
            null,
            10,
            50,
            20,
            Limit.SCALE_UP_POLICY),
        rate(
            "10 → 500 with 100 Pods or 100 Percent per 60s, Max → 110",
            1,
            1000,
            rules(100, 60, 100, 60, 0),
            null,
            10,
            500,
            110,
            Limit.SCALE_UP_POLICY),
        rate(
            "10 → 500 with 2 Pods or 100 Percent per 60s, Max → 20",
            1,
            1000,
            rules(2, 60, 100, 60, 0),
            null,
            10,
            500,
            20,
            Limit.SCALE_UP_POLICY),
        rate(
            "10 → 50 with 100 Pods/60s → 50",
            1,
            1000,
            rules(100, 60, 0, 0, 0),
            null,
            10,
            50,
            50,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "10 → 50 with 10000 Pods/60s → 50",
            1,
            1000,
            rules(10000, 60, 0, 0, 0),
            null,
            10,
            50,
            50,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "10 → 50 with 30 Pods/60s → 40",
            1,
            1000,
            rules(30, 60, 0, 0, 0),
            null,
            10,
            50,
            40,
            Limit.SCALE_UP_POLICY),
        rate(
            "10 → 50 with 200 Percent/60s → 30",
            1,
            1000,
            rules(0, 0, 200, 60, 0),
            null,
            10,
            50,
            30,
            Limit.SCALE_UP_POLICY),
        rate(
            "100 → 2 with 20 Pods or 1 Percent per 60s, Max → 80",
            1,
            1000,
            null,
            rules(20, 60, 1, 60, 300),
            100,
            2,
            80,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "100 → 2 with 2 Pods or 1 Percent per 60s, Max → 98",
            1,
            1000,
            null,
            rules(2, 60, 1, 60, 300),
            100,
            2,
            98,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "10 → 0 with 100 Pods/60s, minReplicas 1 → 1",
            1,
            1000,
            null,
            rules(100, 60, 0, 0, 300),
            10,
            0,
            1,
            Limit.TOO_FEW_REPLICAS),
        rate(
            "10 → 2 with 100 Percent/60s, minReplicas 5 → 5",
            5,
            1000,
            null,
            rules(0, 0, 100, 60, 300),
            10,
            2,
            5,
            Limit.TOO_FEW_REPLICAS),
        rate(
            "10 → 2 with 5 Pods/60s → 5",
            1,
            1000,
            null,
            rules(5, 60, 0, 0, 300),
            10,
            2,
            5,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "10 → 5 with 50 Percent/60s → 5",
            1,
            1000,
            null,
            rules(0, 0, 50, 60, 300),
            10,
            5,
            5,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "1 → 0 with minReplicas 0 → 0",
            "TestConvertDesiredReplicasWithRules",
            0,
            10,
            null,
            null,
            none,
            none,
            1,
            0,
            0,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "100 → 500 after +15 in 120s, 300 Pods/60s, maxReplicas 200 → 200",
            "TestScalingWithRules",
            1,
            200,
            rules(300, 60, 0, 0, 0),
            null,
            spread(120, 1, 5, 9),
            none,
            100,
            500,
            200,
            Limit.TOO_MANY_REPLICAS),
        rate(
            "100 → 500 after +15 in 120s, 10000 Percent/60s, maxReplicas 200 → 200",
            "TestScalingWithRules",
            1,
            200,
            rules(0, 0, 10000, 60, 0),
            null,
            spread(120, 1, 5, 9),
            none,
            100,
            500,
            200,
            Limit.TOO_MANY_REPLICAS),
        // The naive limit 100 - 15 + 5 = 90 is below the current count: hold at 100, never scale
        // down.
        rate(
            "100 → 500 after +15 in 120s, 5 Pods/120s → stays 100",
            "TestScalingWithRules",
            1,
            1000,
            rules(5, 120, 0, 0, 0),
            null,
            spread(120, 1, 5, 9),
            none,
            100,
            500,
            100,
            Limit.SCALE_UP_POLICY),
        rate(
            "100 → 500 after +15 in 120s, 150 Pods/120s → 100 - 15 + 150 = 235",
            "TestScalingWithRules",
            1,
            1000,
            rules(150, 120, 0, 0, 0),
            null,
            spread(120, 1, 5, 9),
            none,
            100,
            500,
            235,
            Limit.SCALE_UP_POLICY),
        rate(
            "100 → 500 after +15 in 120s, 200 Percent/120s → 85 × 3 = 255",
            "TestScalingWithRules",
            1,
            1000,
            rules(0, 0, 200, 120, 0),
            null,
            spread(120, 1, 5, 9),
            none,
            100,
            500,
            255,
            Limit.SCALE_UP_POLICY),
        rate(
            "6 → 24 after +4 and -2 in the period, 300 Percent/300s → (6 - 4 + 2) × 4 = 16",
            "TestScalingWithRules",
            1,
            1000,
            rules(0, 0, 300, 300, 0),
            null,
            spread(120, 4),
            spread(120, 2),
            6,
            24,
            16,
            Limit.SCALE_UP_POLICY),
        rate(
            "10 → 5 after -15 in 120s with the default scale-down → 5",
            "TestScalingWithRules",
            1,
            1000,
            null,
            null,
            none,
            spread(120, 1, 5, 9),
            10,
            5,
            5,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "100 → 0 after -15 in 120s, 115 Pods/120s, minReplicas 1 → 1",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(115, 120, 0, 0, 300),
            none,
            spread(120, 1, 5, 9),
            100,
            0,
            1,
            Limit.TOO_FEW_REPLICAS),
        rate(
            "100 → 0 after -15 in 120s, 130 Pods/120s, minReplicas 5 → 5",
            "TestScalingWithRules",
            5,
            1000,
            null,
            rules(130, 120, 0, 0, 300),
            none,
            spread(120, 1, 5, 9),
            100,
            0,
            5,
            Limit.TOO_FEW_REPLICAS),
        rate(
            "100 → 2 after -15 in 120s, 100 Percent/120s, minReplicas 5 → 5",
            "TestScalingWithRules",
            5,
            1000,
            null,
            rules(0, 0, 100, 120, 300),
            none,
            spread(120, 1, 5, 9),
            100,
            2,
            5,
            Limit.TOO_FEW_REPLICAS),
        rate(
            "100 → 2 after -15 in 120s, 5 Pods/120s → stays 100 (100 + 15 - 5 > 100)",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(5, 120, 0, 0, 300),
            none,
            spread(120, 1, 5, 9),
            100,
            2,
            100,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "100 → 0 after -12 in 120s, 50 Percent/120s → floor(112 / 2) = 56",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(0, 0, 50, 120, 300),
            none,
            spread(120, 2, 4, 6),
            100,
            0,
            56,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "10 → 1 after +2 and -4 in the period, 50 Percent/180s → floor(12 / 2) = 6",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(0, 0, 50, 180, 0),
            spread(120, 2),
            spread(120, 4),
            10,
            1,
            6,
            Limit.SCALE_DOWN_POLICY),
        // The naive limit (100 + 30) × 0.9 = 117 is above the current count: hold, never scale up.
        rate(
            "100 → 0 after -30 in 120s, 10 Percent/120s → stays 100",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(0, 0, 10, 120, 300),
            none,
            spread(120, 10, 10, 10),
            100,
            0,
            100,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "10 → 5 after -30 in 120s, 1000 Percent/120s → 5",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(0, 0, 1000, 120, 300),
            none,
            spread(120, 10, 10, 10),
            10,
            5,
            5,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "100 → 200 after +40 in 120s, 1000 Pods/60s counts the last 60s only → 200",
            "TestScalingWithRules",
            1,
            1000,
            rules(1000, 60, 0, 0, 0),
            null,
            spread(120, 8, 12, 9, 11),
            none,
            100,
            200,
            200,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "100 → 200 after +40 in 120s, 1000 Pods/120s or 100 Percent/60s → 200",
            "TestScalingWithRules",
            1,
            1000,
            rules(1000, 120, 100, 60, 0),
            null,
            spread(120, 8, 12, 9, 11),
            none,
            100,
            200,
            200,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "100 → 5 after -40 in 120s, 1000 Pods/60s → 5",
            "TestScalingWithRules",
            1,
            1000,
            null,
            rules(1000, 60, 0, 0, 300),
            none,
            spread(120, 8, 12, 9, 11),
            100,
            5,
            5,
            Limit.DESIRED_WITHIN_RANGE),
        rate(
            "1 → 10 with selectPolicy Min of 2 Pods or 50 Percent per 60s → 2",
            "TestCalculateScaleUpLimitWithScalingRules",
            1,
            100,
            rules(2, 60, 50, 60, 300).withSelectPolicy(SelectPolicy.Min),
            null,
            none,
            none,
            1,
            10,
            2,
            Limit.SCALE_UP_POLICY),
        rate(
            "5 → 1 with selectPolicy Min of 2 Pods or 50 Percent per 60s → 3",
            "TestCalculateScaleDownLimitWithBehaviors",
            1,
            100,
            null,
            rules(2, 60, 50, 60, 0).withSelectPolicy(SelectPolicy.Min),
            none,
            none,
            5,
            1,
            3,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "5 → 8 with scaleUp selectPolicy Disabled → stays 5",
            "docs: scaleUp selectPolicy Disabled",
            1,
            100,
            ScalingRules.defaultScaleUp().withSelectPolicy(SelectPolicy.Disabled),
            null,
            none,
            none,
            5,
            8,
            5,
            Limit.SCALE_UP_POLICY),
        rate(
            "5 → 2 with scaleDown selectPolicy Disabled → stays 5",
            "docs: Disable scale down",
            1,
            100,
            null,
            ScalingRules.defaultScaleDown().withSelectPolicy(SelectPolicy.Disabled),
            none,
            none,
            5,
            2,
            5,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "80 → 10 with 4 Pods or 10 Percent per 60s → 72 (percent wins above 40)",
            "docs: scaling policies example",
            1,
            100,
            null,
            rules(4, 60, 10, 60, 0),
            none,
            none,
            80,
            10,
            72,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "72 → 10, 8 removed 61s ago → floor(72 × 0.9) = 64",
            "docs: scaling policies example",
            1,
            100,
            null,
            rules(4, 60, 10, 60, 0),
            none,
            List.of(new ScalingHistory.ScaleEvent(T0.minusSeconds(61), 8)),
            72,
            10,
            64,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "72 → 10, 8 removed 30s ago: the period started at 80 → stays 72",
            "docs: scaling policies example",
            1,
            100,
            null,
            rules(4, 60, 10, 60, 0),
            none,
            List.of(new ScalingHistory.ScaleEvent(T0.minusSeconds(30), 8)),
            72,
            10,
            72,
            Limit.SCALE_DOWN_POLICY),
        rate(
            "30 → 10 with 4 Pods or 10 Percent per 60s → 26 (pods win below 40)",
            "docs: scaling policies example",
            1,
            100,
            null,
            rules(4, 60, 10, 60, 0),
            none,
            none,
            30,
            10,
            26,
            Limit.SCALE_DOWN_POLICY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ratePolicyCases")
  void ratePolicies(HpaCase hpaCase) {
    check(hpaCase);
  }

  // ---- behavior: stabilization windows (TestNormalizeDesiredReplicasWithBehavior)
  // ----------------

  private static HpaCase window(
      String name,
      int upWindow,
      int downWindow,
      int current,
      int desired,
      List<ScalingHistory.Recommendation> recommendations,
      int expected,
      Limit limit) {
    Behavior behavior = openBehavior(upWindow, downWindow);
    return new HpaCase(
        name,
        "TestNormalizeDesiredReplicasWithBehavior",
        EXACT,
        behaviorSpec(1, 1000, behavior.scaleUp(), behavior.scaleDown()),
        desired(current, desired),
        new ScalingHistory(recommendations, List.of(), List.of()),
        desired,
        expected,
        limit);
  }

  static Stream<HpaCase> stabilizationCases() {
    Duration m1 = Duration.ofMinutes(1);
    Duration m2 = Duration.ofMinutes(2);
    return Stream.of(
        window(
            "100 → 5 with no history → 5", 0, 0, 100, 5, List.of(), 5, Limit.DESIRED_WITHIN_RANGE),
        window(
            "100 → 3, 4 and 5 inside a 180s down window → 5",
            0,
            180,
            100,
            3,
            List.of(recommendation(4, m2), recommendation(5, m1)),
            5,
            Limit.SCALE_DOWN_STABILIZED),
        window(
            "1 → 7, 4 and 5 inside a 300s up window → 4",
            300,
            0,
            1,
            7,
            List.of(recommendation(4, m2), recommendation(5, m1)),
            4,
            Limit.SCALE_UP_STABILIZED),
        window(
            "100 → 3, 1 and 2 recorded, no down window → 3",
            300,
            0,
            100,
            3,
            List.of(recommendation(1, m2), recommendation(2, m1)),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        window(
            "1 → 3, 4 and 5 recorded, no up window → 3",
            0,
            300,
            1,
            3,
            List.of(recommendation(4, m2), recommendation(5, m1)),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        window(
            "100 → 3, only old recommendations → 3",
            0,
            0,
            100,
            3,
            List.of(
                recommendation(10, Duration.ofMinutes(10)),
                recommendation(9, Duration.ofMinutes(9))),
            3,
            Limit.DESIRED_WITHIN_RANGE),
        window(
            "1 → 100, only old recommendations → 100",
            0,
            0,
            1,
            100,
            List.of(
                recommendation(10, Duration.ofMinutes(10)),
                recommendation(9, Duration.ofMinutes(9))),
            100,
            Limit.DESIRED_WITHIN_RANGE),
        window(
            "100 → 3, 4 and 5 inside the 180s down window, 10 and 9 outside → 5",
            0,
            180,
            100,
            3,
            List.of(
                recommendation(10, Duration.ofMinutes(10)),
                recommendation(4, m1),
                recommendation(5, m2),
                recommendation(9, Duration.ofMinutes(9))),
            5,
            Limit.SCALE_DOWN_STABILIZED),
        window(
            "1 → 100, 6, 5 and 9 inside the 300s up window, 10 outside → 5",
            300,
            300,
            1,
            100,
            List.of(
                recommendation(10, Duration.ofMinutes(100)),
                recommendation(6, m1),
                recommendation(5, m2),
                recommendation(9, Duration.ofMinutes(3))),
            5,
            Limit.SCALE_UP_STABILIZED),
        window(
            "recommendation exactly one window old is out of it → 3",
            0,
            60,
            100,
            3,
            List.of(recommendation(50, Duration.ofSeconds(60))),
            3,
            Limit.DESIRED_WITHIN_RANGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stabilizationCases")
  void stabilization(HpaCase hpaCase) {
    check(hpaCase);
  }

  // ---- documentation's worked examples
  // ------------------------------------------------------------

  static Stream<HpaCase> documentationCases() {
    MetricSpec perPod100m = podsMetric("packets", 0.1);
    List<PodSample> at200m =
        List.of(
            metricPod(0, "packets", 0.2),
            metricPod(1, "packets", 0.2),
            metricPod(2, "packets", 0.2),
            metricPod(3, "packets", 0.2));
    List<PodSample> at50m =
        List.of(
            metricPod(0, "packets", 0.05),
            metricPod(1, "packets", 0.05),
            metricPod(2, "packets", 0.05),
            metricPod(3, "packets", 0.05));
    List<PodSample> at105m =
        List.of(
            metricPod(0, "packets", 0.105),
            metricPod(1, "packets", 0.105),
            metricPod(2, "packets", 0.105),
            metricPod(3, "packets", 0.105));
    return Stream.of(
        new HpaCase(
            "200m per pod vs 100m doubles 4 → 8",
            "docs: algorithm details",
            ScalingEngine.withDefaults(),
            HpaSpec.cpu(1, 100, 80).withMetrics(List.of(perPod100m)),
            Observation.ofPods(4, at200m),
            ScalingHistory.empty(),
            8,
            8,
            Limit.DESIRED_WITHIN_RANGE),
        new HpaCase(
            "50m per pod vs 100m halves 4 → 2",
            "docs: algorithm details",
            ScalingEngine.withDefaults(),
            new HpaSpec(1, 100, List.of(perPod100m), openBehavior(0, 0)),
            Observation.ofPods(4, at50m),
            ScalingHistory.empty(),
            2,
            2,
            Limit.DESIRED_WITHIN_RANGE),
        new HpaCase(
            "105m per pod vs 100m is within the 0.1 tolerance → stays 4",
            "docs: algorithm details",
            ScalingEngine.withDefaults(),
            HpaSpec.cpu(1, 100, 80).withMetrics(List.of(perPod100m)),
            Observation.ofPods(4, at105m),
            ScalingHistory.empty(),
            4,
            4,
            Limit.WITHIN_TOLERANCE),
        new HpaCase(
            "several metrics: the largest proposal wins → 6 from qps over 3 from cpu",
            "docs: scaling on multiple metrics",
            ScalingEngine.withDefaults(),
            new HpaSpec(1, 100, List.of(cpu(50), podsMetric("qps", 10)), openBehavior(0, 0)),
            Observation.ofPods(
                3,
                List.of(
                    PodSample.ready("pod-0", LONG_AGO, Map.of("cpu", 50.0, "qps", 20.0)),
                    PodSample.ready("pod-1", LONG_AGO, Map.of("cpu", 50.0, "qps", 20.0)),
                    PodSample.ready("pod-2", LONG_AGO, Map.of("cpu", 50.0, "qps", 20.0)))),
            ScalingHistory.empty(),
            6,
            6,
            Limit.DESIRED_WITHIN_RANGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentationCases")
  void documentation(HpaCase hpaCase) {
    check(hpaCase);
  }

  private static void check(HpaCase hpaCase) {
    ScalingDecision decision =
        hpaCase.engine().decide(hpaCase.spec(), hpaCase.observation(), hpaCase.history(), T0);
    assertThat(decision.recommendation())
        .as("raw recommendation; reason: %s", decision.reason())
        .isEqualTo(hpaCase.expectedRecommendation());
    assertThat(decision.to())
        .as("replicas; reason: %s", decision.reason())
        .isEqualTo(hpaCase.expectedReplicas());
    assertThat(decision.limit())
        .as("limit; reason: %s", decision.reason())
        .isEqualTo(hpaCase.expectedLimit());
    assertThat(decision.from()).isEqualTo(hpaCase.observation().currentReplicas());
    assertThat(decision.reason()).isNotBlank();
  }
}
