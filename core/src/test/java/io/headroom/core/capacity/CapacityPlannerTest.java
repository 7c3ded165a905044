package io.headroom.core.capacity;

import static io.headroom.core.capacity.GrowthProjectorTest.DAY0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
  private static final Instant T0 = DAY0.atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final GrowthAssumption FLAT = new GrowthAssumption.CompoundMonthly(0);

  @Test
  void
      givenCapacity_tenPercentAMonthForTwoMonths_sizesEachScenario_andPicksTheLargestWithinBudget() {
    PlanSettings settings =
        new PlanSettings(
            2,
            new GrowthAssumption.CompoundMonthly(0.1),
            OptionalDouble.of(10),
            0.7,
            0.25,
            1,
            1,
            OptionalDouble.of(0.05),
            OptionalDouble.of(1700),
            OptionalDouble.empty());

    CapacityPlan plan =
        CapacityPlanner.plan(history(constantDays(14, 100, 150, 200), List.of()), settings);

    // Load ×1.21; replicas = ⌈load × 1.25 / (10 × 0.7)⌉: 121 → 21.6 → 22, 181.5 → 33, 242 → 44,
    // 290.4 → 52.
    assertThat(plan.scenarios().stream().mapToDouble(s -> s.load().projected()).toArray())
        .containsExactly(new double[] {121.0, 181.5, 242.0, 290.4}, within(1e-9));
    assertThat(plan.scenarios()).extracting(ScenarioPlan::replicas).containsExactly(22, 33, 44, 52);
    // cost = replicas × 0.05 × 730 h
    assertThat(plan.scenarios().stream().mapToDouble(ScenarioPlan::monthlyCost).toArray())
        .containsExactly(new double[] {803.0, 1204.5, 1606.0, 1898.0}, within(1e-9));
    assertThat(plan.scenario(Scenario.PEAK_HEADROOM).exceeds())
        .containsExactly("budget: 1898.00 > 1700.00 a month");
    assertThat(plan.largestFitting()).contains(Scenario.PEAK);
    assertThat(plan.capacity().measured()).isFalse();
    assertThat(plan.horizon()).isEqualTo(plan.from().plus(Duration.ofSeconds(2 * 2_629_746)));
  }

  @Test
  void measuredCapacity_andResourceLines_comeFromTheHistory_andTheMemoryLimitBindsAbovePeak() {
    // Per-replica CPU % = 8 × per-replica load, memory % = 4 × per-replica load: at 70 % a replica
    // takes 8.75 req/s;
    // total cores = 0.08 × load, total memory = 0.04 × load × 2 GiB.
    PlanSettings settings =
        new PlanSettings(
            1,
            FLAT,
            OptionalDouble.empty(),
            0.7,
            0.25,
            1,
            2,
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.of(20));

    CapacityPlan plan =
        CapacityPlanner.plan(
            history(constantDays(10, 100, 150, 200), proportionalSamples(8, 4)), settings);

    assertThat(plan.capacity().measured()).isTrue();
    assertThat(plan.capacity().loadPerReplica()).isCloseTo(8.75, within(1e-9));
    assertThat(plan.capacity().fit().rSquared()).isCloseTo(1, within(1e-12));
    assertThat(plan.resources().cpuCores().slope()).isCloseTo(0.08, within(1e-12));
    assertThat(plan.resources().memoryGib().slope()).isCloseTo(0.08, within(1e-12));
    ScenarioPlan baseline = plan.scenario(Scenario.BASELINE);
    assertThat(baseline.replicas()).isEqualTo(15); // ⌈100 × 1.25 / 8.75⌉ = ⌈14.29⌉
    assertThat(baseline.cpuCores()).isCloseTo(10, within(1e-9)); // 0.08 × 100 × 1.25
    assertThat(baseline.memoryGib()).isCloseTo(10, within(1e-9));
    assertThat(plan.scenario(Scenario.PEAK).memoryGib()).isCloseTo(20, within(1e-9));
    assertThat(plan.scenario(Scenario.PEAK).fits()).isTrue();
    assertThat(plan.scenario(Scenario.PEAK_HEADROOM).exceeds())
        .containsExactly("memory limit: 24.0 GiB > 20.0 GiB");
    assertThat(plan.largestFitting()).contains(Scenario.PEAK);
    assertThat(plan.scenario(Scenario.BASELINE).monthlyCost()).isNaN();
  }

  @Test
  void linearTrend_projectsEachStatistic_andTheReplicaRangeFollowsTheInterval() {
    List<DailyLoad> days = new ArrayList<>();
    for (DailyLoad d : GrowthProjectorTest.noisyLine(100, 1, 3, 21, 5)) {
      days.add(d);
    }
    PlanSettings settings = PlanSettings.defaults().withCapacityPerReplica(10);

    CapacityPlan plan = CapacityPlanner.plan(history(days, List.of()), settings);

    for (ScenarioPlan s : plan.scenarios()) {
      assertThat(s.load().lower()).isLessThan(s.load().projected());
      assertThat(s.load().upper()).isGreaterThan(s.load().projected());
      assertThat(s.replicasLower()).isLessThanOrEqualTo(s.replicas());
      assertThat(s.replicasUpper()).isGreaterThanOrEqualTo(s.replicas());
    }
    // noisyLine sets peak = 2 × mean each day; peak is read for the busiest weekday (effect >= 0),
    // the baseline
    // for an average day, so the peak is at least twice the baseline.
    assertThat(plan.scenario(Scenario.PEAK).load().projected())
        .isGreaterThanOrEqualTo(2 * plan.scenario(Scenario.BASELINE).load().projected() - 1e-6);
    assertThat(plan.scenario(Scenario.PEAK_HEADROOM).load().projected())
        .isCloseTo(1.2 * plan.scenario(Scenario.PEAK).load().projected(), within(1e-6));
    assertThat(plan.notes().get(0))
        .startsWith("growth: linear trend with weekday effects, daily mean +");
    assertThat(plan.largestFitting()).isEmpty();
    assertThat(plan.constrained()).isFalse();
  }

  @Test
  void noDays_sayWhatIsMissing() {
    assertThatThrownBy(
            () -> CapacityPlanner.plan(history(List.of(), List.of()), PlanSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service 'checkout': no load history (no per-minute 'requests' windows)");
  }

  @Test
  void threeDays_withTheTrend_nameTheServiceAndTheDaysNeeded() {
    assertThatThrownBy(
            () ->
                CapacityPlanner.plan(
                    history(constantDays(3, 1, 2, 3), List.of()),
                    PlanSettings.defaults().withCapacityPerReplica(5)))
        .hasMessageStartingWith(
            "service 'checkout': too little history for a trend projection: 3 usable days")
        .hasMessageContaining("at least 14 days");
  }

  @Test
  void flatCpu_cannotMeasureCapacity_andSaysToGiveIt() {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      samples.add(new ResourceSample(T0.plusSeconds(60L * i), 10 + i, 2, 40 + (i % 2), 50));
    }
    assertThatThrownBy(
            () ->
                CapacityPlanner.plan(
                    history(constantDays(14, 1, 2, 3), samples), PlanSettings.defaults()))
        .hasMessageStartingWith(
            "service 'checkout': cannot measure the load per replica: per-replica CPU does not"
                + " follow per-replica load")
        .hasMessageEndingWith(
            "give the capacity per replica instead (load one replica serves at 100 % CPU)");
  }

  @Test
  void saturatedWindows_areLeftOutOfTheCapacityFit() {
    List<ResourceSample> samples = new ArrayList<>(proportionalSamples(8, 4));
    for (int i = 0; i < 20; i++) {
      samples.add(
          new ResourceSample(
              T0, 400 + i, 10, 100, 90)); // 40 req/s per replica, pinned at 100 % CPU
    }
    assertThat(ReplicaCapacity.measure(samples, 0.7).loadPerReplica())
        .isCloseTo(8.75, within(1e-9));
  }

  @Test
  void settings_rejectOutOfRangeValues_namingTheField() {
    assertThatThrownBy(
            () ->
                new PlanSettings(
                    3,
                    FLAT,
                    OptionalDouble.empty(),
                    1.5,
                    0.25,
                    1,
                    1,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty()))
        .hasMessage("target-utilization: 1.5 must be in (0, 1]");
    assertThatThrownBy(
            () ->
                new PlanSettings(
                    3,
                    FLAT,
                    OptionalDouble.empty(),
                    0.7,
                    0.25,
                    1,
                    1,
                    OptionalDouble.empty(),
                    OptionalDouble.of(100),
                    OptionalDouble.empty()))
        .hasMessage("budget: needs price-per-replica-hour to turn replicas into cost");
    assertThat(PlanSettings.parseShare("overhead", "25%")).isEqualTo(0.25);
    assertThat(PlanSettings.parseShare("overhead", "0.3")).isEqualTo(0.3);
    assertThatThrownBy(() -> PlanSettings.parseShare("overhead", "lots"))
        .hasMessage("overhead: 'lots' is not a share (examples: 25%, 0.25)");
    assertThat(PlanSettings.parseGib("memory-limit", "512MiB")).isEqualTo(0.5);
    assertThat(PlanSettings.parseGib("memory-limit", "2Gi")).isEqualTo(2);
    assertThat(PlanSettings.parseGib("memory-limit", "1TiB")).isEqualTo(1024);
    assertThatThrownBy(() -> PlanSettings.parseGib("memory-limit", "2 bananas"))
        .hasMessage(
            "memory-limit: '2 bananas' is not a memory size (examples: 512MiB, 2GiB, 1.5Gi)");
  }

  private static CapacityHistory history(List<DailyLoad> days, List<ResourceSample> samples) {
    return new CapacityHistory("checkout", days, samples);
  }

  private static List<DailyLoad> constantDays(int n, double mean, double p95, double peak) {
    List<DailyLoad> days = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      days.add(new DailyLoad(DAY0.plusDays(i), 1440, mean, p95, peak));
    }
    return days;
  }

  /**
   * 100 windows; replicas 10..14 and per-replica load 4..8.95 vary independently; CPU and memory
   * proportional to it.
   */
  private static List<ResourceSample> proportionalSamples(double cpuPerLoad, double memoryPerLoad) {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double replicas = 10 + (i % 5);
      double perReplica = 4 + 0.05 * i;
      samples.add(
          new ResourceSample(
              T0.plusSeconds(60L * i),
              replicas * perReplica,
              replicas,
              cpuPerLoad * perReplica,
              memoryPerLoad * perReplica));
    }
    return samples;
  }
}
