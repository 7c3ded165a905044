package io.headroom.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.queue.KafkaLagSettings;
import io.headroom.core.queue.QueueDecision;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class QueueBacktesterTest {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  private static Trace perMinute(List<Integer> arrivals) {
    List<TracePoint> points = new ArrayList<>();
    for (int i = 0; i < arrivals.size(); i++) {
      points.add(new TracePoint(T0.plusSeconds(60L * i), arrivals.get(i)));
    }
    return new Trace(points, Duration.ofMinutes(1), 0);
  }

  @Property(tries = 200, seed = "20240301")
  void itemsAreConservedOnEveryStep(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5000) Integer> arrivals,
      @ForAll @IntRange(min = 1, max = 400) int serviceRate,
      @ForAll @IntRange(min = 0, max = 20000) int backlog,
      @ForAll @IntRange(min = 0, max = 16) int partitions,
      @ForAll @IntRange(min = 1, max = 200) int lagThreshold) {
    QueueBacktestSettings settings =
        QueueBacktestSettings.withServiceRate(serviceRate)
            .withInitialBacklog(backlog)
            .withPartitions(partitions)
            .withLag(KafkaLagSettings.DEFAULTS.withLagThreshold(lagThreshold));
    long[] steps = {0};
    QueueBacktestResult result =
        new QueueBacktester(settings)
            .withListener(
                (time, arrived, served, left, decision) -> {
                  steps[0]++;
                  assertThat(arrived).as("at %s", time).isEqualTo(served + left);
                  assertThat(left).isNotNegative();
                  if (partitions > 0) {
                    // KEDA's cap with integer division: never above partitions + 1
                    assertThat(decision.hpa() == null ? 0 : decision.hpa().recommendation())
                        .isLessThanOrEqualTo(partitions + 1);
                  }
                })
            .run(perMinute(arrivals), null);
    assertThat(steps[0]).isEqualTo(arrivals.size() * 4L);
    assertThat(result.arrived()).isEqualTo(result.served() + result.finalBacklog());
    long total = backlog + arrivals.stream().mapToLong(Integer::longValue).sum();
    assertThat(result.arrived()).isEqualTo(total);
  }

  /**
   * A daily burst at the same minute: the reactive rule sees it only as lag; the predictive mode,
   * once its model has seen a day, has consumers ready when it comes. Items are conserved all the
   * same.
   */
  @Test
  void predictive_anticipatesARecurringBurst_withFewerLateItems_andConservesItems() {
    List<Integer> arrivals = new ArrayList<>();
    for (int minute = 0; minute < 5 * 1440; minute++) {
      int ofDay = minute % 1440;
      arrivals.add(ofDay >= 600 && ofDay < 630 ? 1000 : 100);
    }
    QueueBacktestSettings settings =
        QueueBacktestSettings.withServiceRate(150)
            .withPartitions(12)
            .withLag(KafkaLagSettings.DEFAULTS.withLagThreshold(50))
            .withTiming(Duration.ofMinutes(2), Duration.ofSeconds(15), Duration.ofDays(3));
    QueueBacktestResult reactive = new QueueBacktester(settings).run(perMinute(arrivals), null);
    long[] violations = {0};
    QueueBacktestResult predictive =
        new QueueBacktester(settings)
            .withPrediction(
                new QueueBacktester.Prediction(
                    "auto", new PredictiveSettings(100, Duration.ofSeconds(135))))
            .withListener(
                (time, arrived, served, left, decision) ->
                    violations[0] += arrived == served + left ? 0 : 1)
            .run(perMinute(arrivals), null);

    assertThat(violations[0]).isZero();
    assertThat(predictive.arrived()).isEqualTo(predictive.served() + predictive.finalBacklog());
    assertThat(predictive.elasticity().policy()).isEqualTo("keda-lag predictive");
    assertThat(predictive.elasticity().forecastRaised()).isPositive();
    assertThat(reactive.lateItems()).isPositive();
    // Day 1 is reactive in both (the model is not trusted yet): the gain is on days 2 to 5.
    assertThat(predictive.lateItems()).isLessThan(reactive.lateItems() * 4 / 5);
    assertThat(predictive.peakBacklog()).isLessThan(reactive.peakBacklog() * 2 / 3);
  }

  @Test
  void aBurst_scalesUpOnLag_cappedAtThePartitions_andDrainsTheBacklog() {
    // 10 min at 100/min, 10 min at 1000/min, 20 min at 100/min; a consumer does 100/min
    List<Integer> arrivals = new ArrayList<>();
    for (int minute = 0; minute < 40; minute++) {
      arrivals.add(minute >= 10 && minute < 20 ? 1000 : 100);
    }
    QueueBacktestSettings settings =
        QueueBacktestSettings.withServiceRate(100)
            .withPartitions(6)
            .withLag(KafkaLagSettings.DEFAULTS.withLagThreshold(100));
    List<QueueDecision> decisions = new ArrayList<>();
    StringBuilder timeline = new StringBuilder();
    QueueBacktestResult result =
        new QueueBacktester(settings)
            .withListener((time, arrived, served, left, decision) -> decisions.add(decision))
            .run(perMinute(arrivals), timeline);

    int peak = decisions.stream().mapToInt(QueueDecision::to).max().orElseThrow();
    assertThat(peak).isBetween(6, 7); // partitions (+1: KEDA's integer-division edge)
    assertThat(decisions)
        .anySatisfy(d -> assertThat(d.reason()).contains("capped at 6 partitions"));
    assertThat(result.peakBacklog()).isGreaterThan(1000);
    assertThat(result.finalBacklog()).isZero();
    assertThat(result.overSloTimePercent()).isGreaterThan(0);
    assertThat(result.lateItems()).isPositive();
    assertThat(result.elasticity().replicaHours()).isPositive();
    String[] rows = timeline.toString().split("\n");
    assertThat(rows[0]).isEqualTo(QueueTimelineWriter.HEADER);
    assertThat(rows).hasSize(1 + 160);
    assertThat(rows[1]).startsWith("2024-03-01T00:00:00Z,100,1,1,0,");
  }

  @Test
  void noArrivals_sleepsAfterTheCooldown_andWakesOnTheNextItems() {
    List<Integer> arrivals = new ArrayList<>();
    for (int minute = 0; minute < 30; minute++) {
      arrivals.add(minute < 20 ? 0 : 50);
    }
    QueueBacktestSettings settings =
        QueueBacktestSettings.withServiceRate(100)
            .withLag(KafkaLagSettings.DEFAULTS.withActivationLagThreshold(5));
    List<QueueDecision> decisions = new ArrayList<>();
    QueueBacktestResult result =
        new QueueBacktester(settings)
            .withListener((time, arrived, served, left, decision) -> decisions.add(decision))
            .run(perMinute(arrivals), null);
    assertThat(result.scaleToZero()).isPositive();
    assertThat(result.scaleFromZero()).isPositive();
    QueueDecision sleep =
        decisions.stream()
            .filter(d -> d.action() == QueueDecision.Action.SCALE_TO_ZERO)
            .findFirst()
            .orElseThrow();
    // active at the start, inactive from then on: 0 strictly after 300 s
    assertThat(sleep.time()).isEqualTo(T0.plusSeconds(315));
    QueueDecision wake =
        decisions.stream()
            .filter(d -> d.action() == QueueDecision.Action.SCALE_FROM_ZERO)
            .findFirst()
            .orElseThrow();
    // 12 items arrived in 20:00-20:15: above the activation threshold of 5
    assertThat(wake.time()).isEqualTo(T0.plusSeconds(20 * 60 + 15));
    assertThat(wake.reason()).contains("queue depth 12").contains("from zero");
  }

  @Test
  void queueModel_servesOldestFirst_andCarriesFractions() {
    QueueModel queue = new QueueModel(10, 0, 30);
    assertThat(queue.arrive(2.5, 0)).isEqualTo(2);
    assertThat(queue.arrive(2.5, 15)).isEqualTo(3);
    assertThat(queue.serve(11, 45)).isEqualTo(11); // the 10 initial and one from t=0, all late
    assertThat(queue.servedLate()).isEqualTo(11);
    assertThat(queue.oldestWait(45)).isEqualTo(45);
    assertThat(queue.waitingOverSlo(45)).isEqualTo(1);
    assertThat(queue.backlog()).isEqualTo(4);
    assertThat(queue.arrived()).isEqualTo(queue.served() + queue.backlog());
  }
}
