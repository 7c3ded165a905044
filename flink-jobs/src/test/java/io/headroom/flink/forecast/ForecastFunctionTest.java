package io.headroom.flink.forecast;

import static io.headroom.flink.Fixtures.T0;
import static io.headroom.flink.Fixtures.millis;
import static io.headroom.flink.Fixtures.minute;
import static io.headroom.flink.Fixtures.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.Forecasters;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.flink.kafka.DeadLetter;
import io.headroom.flink.kafka.DeadLetterSplit;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The forecast operator on Flink's keyed harness: event-time timers, outputs, dead letters, state
 * across a restore.
 */
class ForecastFunctionTest {
  /**
   * Naive model (fast, exact), short forecast of 10 steps every 5 min, long one of 3 h every hour.
   */
  static final ForecastSettings SETTINGS =
      ForecastSettings.defaults(KafkaSettings.of("localhost:9092"))
          .withModel("naive")
          .withShort(Duration.ofMinutes(5), Duration.ofMinutes(10))
          .withLong(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(3))
          .withStaleAfter(Duration.ofMinutes(15));

  static KeyedOneInputStreamOperatorTestHarness<String, PercentileWindow, LoadForecast> harness()
      throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ForecastFunction(SETTINGS)),
            ForecastFunction::key,
            Types.STRING);
    harness.setup(AvroBytesCodec.typeInfo(LoadForecast.class).createSerializer(null));
    return harness;
  }

  static void send(
      KeyedOneInputStreamOperatorTestHarness<String, PercentileWindow, LoadForecast> h,
      PercentileWindow w)
      throws Exception {
    h.processElement(w, w.getWindowEnd().toEpochMilli());
  }

  static List<LoadForecast> forecasts(
      KeyedOneInputStreamOperatorTestHarness<String, PercentileWindow, LoadForecast> h) {
    List<LoadForecast> out = new ArrayList<>();
    for (StreamRecord<? extends LoadForecast> record : h.extractOutputStreamRecords()) {
      out.add(record.getValue());
    }
    return out;
  }

  @Test
  void shortForecast_firesWhenTheWatermarkPassesTheFiveMinuteBoundary_withTheCoreModelsExactPoints()
      throws Exception {
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < 5; n++) {
        send(h, requests("checkout", n, 100 + n));
      }
      h.processWatermark(millis(minute(5)) - 1);
      assertThat(forecasts(h)).as("no forecast before event time reaches 10:05").isEmpty();

      h.processWatermark(millis(minute(5)));

      List<LoadForecast> out = forecasts(h);
      assertThat(out).hasSize(1);
      LoadForecast forecast = out.get(0);
      assertThat(forecast.getForecastId()).isEqualTo("checkout|requests|2026-11-02T10:05:00Z|60");
      assertThat(forecast.getFittedAt()).isEqualTo(minute(5));
      assertThat(forecast.getStepSeconds()).isEqualTo(60);
      assertThat(forecast.getModel()).isEqualTo("naive");
      assertThat(forecast.getPoints()).hasSize(10);
      assertThat(forecast.getPoints().get(0).getTimestamp()).isEqualTo(minute(5));
      // The same core model fed the same windows, asked the same question.
      LoadForecaster reference = Forecasters.create("naive", Duration.ofMinutes(1));
      for (int n = 0; n < 5; n++) {
        reference.update(minute(n), 100 + n);
      }
      assertThat(ForecastRecords.points(forecast))
          .isEqualTo(reference.forecast(minute(5).minusMillis(1), 10));
    }
  }

  @Test
  void modelState_survivesSnapshotAndRestore_forecastsEqualAnUninterruptedRun() throws Exception {
    List<PercentileWindow> windows = new ArrayList<>();
    for (int n = 0; n < 23; n++) {
      windows.add(requests("checkout", n, 50 + 7 * (n % 5) + n));
    }
    List<LoadForecast> uninterrupted;
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < windows.size(); n++) {
        send(h, windows.get(n));
        h.processWatermark(millis(minute(n + 1)));
      }
      uninterrupted = forecasts(h);
    }

    OperatorSubtaskState snapshot;
    List<LoadForecast> resumed = new ArrayList<>();
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < 12; n++) {
        send(h, windows.get(n));
        h.processWatermark(millis(minute(n + 1)));
      }
      send(h, windows.get(12)); // pending in state, not yet applied, at the snapshot
      resumed.addAll(forecasts(h));
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processWatermark(millis(minute(13)));
      for (int n = 13; n < windows.size(); n++) {
        send(h, windows.get(n));
        h.processWatermark(millis(minute(n + 1)));
      }
      resumed.addAll(forecasts(h));
    }

    assertThat(uninterrupted)
        .extracting(LoadForecast::getFittedAt)
        .containsExactly(minute(5), minute(10), minute(15), minute(20));
    assertThat(resumed).isEqualTo(uninterrupted);
  }

  @Test
  void windowOlderThanTheLastLearnt_goesToTheDeadLetterOutput_withItsReason() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, requests("checkout", 0, 10));
      send(h, requests("checkout", 1, 11));
      h.processWatermark(millis(minute(2)));
      send(h, requests("checkout", 0, 99)); // a replayed or duplicated window

      var deadLetters = h.getSideOutput(DeadLetterSplit.DEAD_LETTERS);
      assertThat(deadLetters).hasSize(1);
      DeadLetter letter = deadLetters.peek().getValue();
      assertThat(letter.reason())
          .startsWith("out of order: window checkout/requests starting 2026-11-02T10:00:00Z");
      assertThat(letter.consumer()).isEqualTo("forecast");
      assertThat(letter.value()).isNotEmpty();
    }
  }

  @Test
  void longForecast_atTheHour_learnsTheHourSum_scaledUpForMissingMinutes() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < 60; n++) {
        if (n % 3 != 0) { // 40 of the 60 minutes arrive, each with 10 requests
          send(h, requests("checkout", n, 10));
        }
      }
      h.processWatermark(millis(minute(60)));

      LoadForecast hourly =
          forecasts(h).stream().filter(f -> f.getStepSeconds() == 3600).findFirst().orElseThrow();
      assertThat(hourly.getFittedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
      assertThat(hourly.getForecastId()).isEqualTo("checkout|requests|2026-11-02T11:00:00Z|3600");
      assertThat(hourly.getPoints()).hasSize(3);
      assertThat(hourly.getPoints().get(0).getTimestamp())
          .isEqualTo(Instant.parse("2026-11-02T11:00:00Z"));
      // Naive: the last hour again, 400 requests seen in 40 minutes = 600 per hour.
      assertThat(hourly.getPoints().get(0).getValue()).isEqualTo(600.0);
    }
  }

  @Test
  void staleSeries_stopsForecastingAfterStaleAfter_andLeavesNoTimers() throws Exception {
    try (var h = harness()) {
      h.open();
      send(h, requests("checkout", 0, 10));
      h.processWatermark(millis(minute(120)));

      // The last window ended 10:01: the 10:15 timer still schedules 10:20 (10:01 is within 15 min
      // of 10:15),
      // which forecasts and stops. The hour's single window is under half coverage: no long
      // forecast.
      List<Instant> fitted = forecasts(h).stream().map(LoadForecast::getFittedAt).toList();
      assertThat(fitted).containsExactly(minute(5), minute(10), minute(15), minute(20));
      assertThat(h.numEventTimeTimers()).isZero();

      send(h, requests("checkout", 130, 10)); // data returns: forecasting resumes
      h.processWatermark(millis(minute(135)));
      assertThat(forecasts(h).stream().map(LoadForecast::getFittedAt)).contains(minute(135));
    }
  }

  @Test
  void forecastPoint_listsAreCoreForecastPoints() {
    LoadForecast record =
        ForecastRecords.toRecord(
            "s",
            "m",
            "naive",
            true,
            T0,
            Duration.ofMinutes(1),
            List.of(new ForecastPoint(T0, 1, 0.5, 2)));
    assertThat(ForecastRecords.points(record)).containsExactly(new ForecastPoint(T0, 1, 0.5, 2));
    assertThat(record.getIntervalLevel()).isEqualTo(0.95);
  }
}
