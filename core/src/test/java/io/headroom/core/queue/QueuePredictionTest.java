package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.PredictiveSettings;
import io.headroom.core.scaling.ScalingEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuePredictionTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  /** Median (quantile 0.5): the points' values are read as they are. */
  static final PredictiveSettings MEDIAN =
      new PredictiveSettings(1, Duration.ofSeconds(60), 0.5, 0.95);

  static final List<ForecastPoint> FORECAST =
      List.of(
          new ForecastPoint(T0, 600, 500, 700),
          new ForecastPoint(T0.plus(MINUTE), 1200, 1000, 1400));

  @Test
  void expectedLag_isBacklogPlusArrivalsOverTheLead_minusWhatTheServingConsumersDo() {
    QueuePrediction rule = new QueuePrediction(MEDIAN, MINUTE, 100);
    // now is half-way through the first step: half of each step falls within the 60 s lead
    ExpectedLag expected = rule.expect(50, FORECAST, 0, 3, 2, T0.plusSeconds(30));
    assertThat(expected.arrivals()).isEqualTo(600 * 0.5 + 1200 * 0.5);
    assertThat(expected.served()).as("3 ready but 2 partitions: 2 serve").isEqualTo(200);
    assertThat(expected.lag()).isEqualTo(50 + 900 - 200);
    assertThat(expected.raises()).isTrue();
    assertThat(expected.describe())
        .isEqualTo(
            "forecast q0.50 over 60 s: backlog 50 + 900.0 arriving − 200.0 served = lag 750");
    assertThat(rule.horizonSteps()).isEqualTo(3);
  }

  @Test
  void consumersThatKeepUp_leaveTheMeasuredLag_andNoForecast_isNoExpectation() {
    QueuePrediction rule = new QueuePrediction(MEDIAN, MINUTE, 1000);
    ExpectedLag expected = rule.expect(50, FORECAST, 0, 4, 0, T0.plusSeconds(30));
    assertThat(expected.lag()).isEqualTo(50);
    assertThat(expected.raises()).isFalse();
    assertThat(expected.describe()).endsWith("(the measured lag stands)");
    assertThat(rule.expect(50, List.of(), 0, 4, 0, T0)).isNull();
  }

  @Test
  void decide_scalesForTheExpectedLag_spreadOverThePartitions_andNamesTheForecast() {
    KafkaLagSettings settings =
        KafkaLagSettings.DEFAULTS.withLagThreshold(100).withLimitToPartitionsWithLag(true);
    QueueScaler scaler =
        new QueueScaler(ScalingEngine.withDefaults(), ScaledObject.defaults(), settings);
    QueueScaler.State state = QueueScaler.State.activeAt(T0);
    // 50 behind on one of 8 partitions: reactive, capped at the one partition with lag
    ConsumerLag measured = ConsumerLag.of(50, 8, 1, settings);
    Instant now = T0.plusSeconds(30);
    QueueDecision reactive = scaler.decide(state, measured, 1, 1, now);
    QueueDecision predictive =
        new QueuePrediction(MEDIAN, MINUTE, 100)
            .decide(scaler, state, measured, FORECAST, 0, 1, 1, now);

    assertThat(reactive.to()).isEqualTo(1);
    assertThat(predictive.forecast().lag()).isEqualTo(50 + 900 - 100);
    assertThat(predictive.lag().totalLag()).isEqualTo(850);
    assertThat(predictive.lag().partitionsWithLag()).isEqualTo(8);
    assertThat(predictive.to()).as("ceil(850 / 100)").isEqualTo(5); // HPA: +4 pods per 15 s
    assertThat(predictive.reason())
        .startsWith(
            "forecast q0.50 over 60 s: backlog 50 + 900.0 arriving − 100.0 served = lag 850;"
                + " lag 850 on 8 partitions");
  }

  @Test
  void aScalerWithoutTheLagSettings_cannotDecideOnAnExpectation() {
    QueueScaler scaler = new QueueScaler(ScalingEngine.withDefaults(), ScaledObject.defaults(), 10);
    ExpectedLag expected = new ExpectedLag(5, 50, 0, 55, MINUTE, 0.5);
    assertThatThrownBy(
            () ->
                scaler.decide(
                    QueueScaler.State.INITIAL,
                    ConsumerLag.of(5, 1, 1, KafkaLagSettings.DEFAULTS),
                    expected,
                    1,
                    1,
                    T0))
        .isInstanceOf(IllegalStateException.class);
  }
}
