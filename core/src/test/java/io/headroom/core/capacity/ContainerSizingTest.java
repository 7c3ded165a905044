package io.headroom.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The VPA recommender's rules restated on small histories whose percentiles are known. */
class ContainerSizingTest {
  private static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
  private static final SizingRules VPA = SizingRules.vpaDefaults();
  private static final SizingRules NO_DECAY = VPA.withHalfLife(Duration.ZERO);
  private static final double MARGIN = 1.15;

  @Test
  void vpaDefaults_areTheRecommendersFlagDefaults() {
    assertThat(VPA.targetPercentile()).isEqualTo(0.9);
    assertThat(VPA.lowerBoundPercentile()).isEqualTo(0.5);
    assertThat(VPA.upperBoundPercentile()).isEqualTo(0.95);
    assertThat(VPA.safetyMargin()).isEqualTo(0.15);
    assertThat(VPA.minCpuCores() * 1000).isEqualTo(25);
    assertThat(VPA.minMemoryGib() * 1024).isEqualTo(250);
    assertThat(VPA.halfLife()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void cpu_targetIsP90_boundsP50AndP95_timesTheMargin_inCoresOfTheRequest() {
    // CPU 1 %, 2 %, ... 100 % of a 2-core request, in a scrambled order over 100 minutes.
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int percent = (i * 37) % 100 + 1;
      samples.add(window(i, 1, percent, Double.NaN));
    }
    ContainerSizing sizing =
        ContainerSizing.recommend(samples, ContainerResources.requestsEqualLimits(2, 1), NO_DECAY);

    ResourceRecommendation cpu = sizing.cpu();
    assertThat(cpu.available()).isTrue();
    // Equal weights: p90 is the 90th of 100 sorted values, 90 % of 2 cores.
    assertThat(cpu.target()).isCloseTo(0.90 * 2 * MARGIN, within(1e-9));
    double c = Math.min(99.0 / 1440, 100.0 / 1440);
    assertThat(cpu.confidence()).isCloseTo(c, within(1e-12));
    assertThat(cpu.lowerBound())
        .isCloseTo(0.50 * 2 * MARGIN * Math.pow(1 + 0.001 / c, -2), within(1e-9));
    assertThat(cpu.upperBound()).isCloseTo(0.95 * 2 * MARGIN * (1 + 1 / c), within(1e-9));
    assertThat(cpu.windows()).isEqualTo(100);
    assertThat(cpu.samples()).isEqualTo(100);
    // Request equal to limit now: the recommended limit equals the recommended request.
    assertThat(cpu.limit()).isEqualTo(cpu.target());
  }

  @ParameterizedTest(name = "{0} minutes of history: upper ×{1}, lower ×{2}")
  @CsvSource({
    // The multipliers listed in the VPA's recommender.go comments.
    "60,    ,     0.95",
    "720,   3,    1",
    "1440,  2,    1",
    "10080, 1.14, 1",
  })
  void bounds_widenOnShortHistories_asTheVpaComments(
      int minutes, Double upperFactor, double lowerFactor) {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < minutes; i++) {
      samples.add(window(i, 1, 40, Double.NaN));
    }
    ResourceRecommendation cpu =
        ContainerSizing.recommend(samples, ContainerResources.requestsEqualLimits(1, 1), VPA).cpu();

    // Constant usage: every percentile is 0.4 cores, so the bounds differ from the target only by
    // the confidence multipliers.
    assertThat(cpu.target()).isCloseTo(0.4 * MARGIN, within(1e-9));
    if (upperFactor != null) {
      assertThat(cpu.upperBound() / cpu.target()).isCloseTo(upperFactor, within(0.01));
    }
    assertThat(cpu.lowerBound() / cpu.target()).isCloseTo(lowerFactor, within(0.01));
  }

  @Test
  void memory_isSizedOnDailyPeaks_notOnEveryWindow() {
    // Three days at 20 % of 2 GiB with one minute a day at 50, 60 and 70 %.
    List<ResourceSample> samples = new ArrayList<>();
    int[] peaks = {50, 60, 70};
    for (int day = 0; day < 3; day++) {
      for (int m = 0; m < 1440; m++) {
        double memory = m == 600 ? peaks[day] : 20;
        samples.add(window(day * 1440 + m, 1, 30, memory));
      }
    }
    ResourceRecommendation memory =
        ContainerSizing.recommend(samples, ContainerResources.requestsEqualLimits(1, 2), NO_DECAY)
            .memory();

    assertThat(memory.samples()).isEqualTo(3);
    assertThat(memory.windows()).isEqualTo(3 * 1440);
    // p90 of the peaks {1.0, 1.2, 1.4} GiB is the highest; p50 the middle one.
    assertThat(memory.target()).isCloseTo(1.4 * MARGIN, within(1e-9));
    double c = memory.confidence();
    assertThat(memory.lowerBound())
        .isCloseTo(1.2 * MARGIN * Math.pow(1 + 0.001 / c, -2), within(1e-9));
  }

  @Test
  void halfLife_makesTheLastDayWeighTwiceTheDayBefore() {
    // Day one at 10 % CPU, day two at 50 %: equal counts, so without decay p50 is 10 %; with a
    // 24 h half-life day one weighs about a third of the total, and p50 is 50 %.
    List<ResourceSample> samples = new ArrayList<>();
    for (int m = 0; m < 2 * 1440; m++) {
      samples.add(window(m, 1, m < 1440 ? 10 : 50, Double.NaN));
    }
    ContainerResources current = ContainerResources.requestsEqualLimits(1, 1);

    assertThat(p50(ContainerSizing.recommend(samples, current, NO_DECAY).cpu()))
        .isCloseTo(0.1, within(1e-9));
    assertThat(p50(ContainerSizing.recommend(samples, current, VPA).cpu()))
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void aWindow_weighsItsReplicas_asTheVpaTakesOneSamplePerContainer() {
    // 40 windows at 10 % with one replica, 20 at 80 % with three: 60 of 100 container samples at
    // 80 %.
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      samples.add(i % 3 == 0 ? window(i, 3, 80, Double.NaN) : window(i, 1, 10, Double.NaN));
    }
    ResourceRecommendation cpu =
        ContainerSizing.recommend(samples, ContainerResources.requestsEqualLimits(1, 1), NO_DECAY)
            .cpu();
    assertThat(p50(cpu)).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void tinyUsage_getsTheVpaMinimums_25MillicoresAnd250MiB() {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      samples.add(window(i, 1, 1, 10));
    }
    ContainerSizing sizing =
        ContainerSizing.recommend(samples, ContainerResources.requestsEqualLimits(1, 1), VPA);

    assertThat(sizing.cpu().target()).isEqualTo(0.025);
    assertThat(sizing.cpu().lowerBound()).isEqualTo(0.025);
    assertThat(sizing.memory().target()).isEqualTo(250.0 / 1024);
    assertThat(sizing.memory().upperBound()).isGreaterThanOrEqualTo(250.0 / 1024);
  }

  @Test
  void limits_keepTheCurrentRatio_andNoLimitStaysNoLimit() {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      samples.add(window(i, 1, 50, 50));
    }
    // CPU: request 0.5, limit 2 (ratio 4); memory: request 1 GiB, no limit.
    ContainerSizing sizing =
        ContainerSizing.recommend(samples, new ContainerResources(0.5, 2, 1, Double.NaN), NO_DECAY);

    assertThat(sizing.cpu().target()).isCloseTo(0.25 * MARGIN, within(1e-9));
    assertThat(sizing.cpu().limit()).isCloseTo(4 * sizing.cpu().target(), within(1e-9));
    assertThat(sizing.memory().limit()).isNaN();
  }

  @Test
  void tooFewWindows_orNoMemoryHistory_giveNoRecommendation_withTheReason() {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < VPA.minWindows() - 1; i++) {
      samples.add(window(i, 1, 50, Double.NaN));
    }
    ContainerSizing sizing =
        ContainerSizing.recommend(samples, ContainerResources.requestsEqualLimits(1, 1), VPA);

    assertThat(sizing.cpu().available()).isFalse();
    assertThat(sizing.cpu().unavailable())
        .isEqualTo((VPA.minWindows() - 1) + " windows with cpu_percent, 30 needed");
    assertThat(sizing.cpu().target()).isNaN();
    assertThat(sizing.memory().unavailable()).isEqualTo("no memory_percent history");
  }

  @Test
  void nanAndReplicaLessWindows_areIgnored() {
    List<ResourceSample> clean = new ArrayList<>();
    List<ResourceSample> noisy = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ResourceSample w = window(2 * i, 1, 20 + i % 50, 30 + i % 20);
      clean.add(w);
      noisy.add(w);
      noisy.add(window(2 * i + 1, 1, Double.NaN, Double.NaN));
    }
    noisy.add(window(500, 0, 99, 99));
    ContainerResources current = ContainerResources.requestsEqualLimits(1, 1);

    assertThat(ContainerSizing.recommend(noisy, current, VPA))
        .isEqualTo(ContainerSizing.recommend(clean, current, VPA));
  }

  private static double p50(ResourceRecommendation r) {
    return r.lowerBound() / (MARGIN * Math.pow(1 + 0.001 / r.confidence(), -2));
  }

  private static ResourceSample window(int minute, double replicas, double cpu, double memory) {
    return new ResourceSample(
        T0.plus(Duration.ofMinutes(minute)), 10 * replicas, replicas, cpu, memory);
  }
}
