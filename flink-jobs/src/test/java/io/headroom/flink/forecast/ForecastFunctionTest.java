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

  /** Requests of minute n in these tests: a slow ramp. */
  static double load(int n) {
    return 100 + n;
  }

  /**
   * The naive model fed minutes 0 .. fitted-1: its forecast of {@code steps} from {@code fitted},
   * or null when it has no interval yet (then nothing is emitted).
   */
  static List<ForecastPoint> reference(int fitted, int steps) {
    LoadForecaster model = Forecasters.create("naive", Duration.ofMinutes(1));
    for (int n = 0; n < fitted; n++) {
      model.update(minute(n), load(n));
    }
    List<ForecastPoint> points = model.forecast(minute(fitted).minusMillis(1), steps);
    return ForecastPoint.allFinite(points) ? points : null;
  }

  @Test
  void shortForecast_firesWhenTheWatermarkPassesTheFiveMinuteBoundary_withTheCoreModelsExactPoints()
      throws Exception {
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < 30; n++) {
        send(h, requests("checkout", n, load(n)));
      }
      h.processWatermark(millis(minute(30)) - 1);
      List<Instant> before = forecasts(h).stream().map(LoadForecast::getFittedAt).toList();
      assertThat(before)
          .as("none fitted at 10:30 before event time reaches it")
          .allMatch(t -> t.isBefore(minute(30)));
      // Early boundaries have too few errors for an interval: no forecast there.
      assertThat(reference(5, 10)).isNull();
      assertThat(before).doesNotContain(minute(5));

      h.processWatermark(millis(minute(30)));

      List<LoadForecast> out = forecasts(h);
      LoadForecast forecast = out.get(out.size() - 1);
      assertThat(forecast.getForecastId()).isEqualTo("checkout|requests|2026-11-02T10:30:00Z|60");
      assertThat(forecast.getFittedAt()).isEqualTo(minute(30));
      assertThat(forecast.getStepSeconds()).isEqualTo(60);
      assertThat(forecast.getModel()).isEqualTo("naive");
      assertThat(forecast.getPoints()).hasSize(10);
      assertThat(forecast.getPoints().get(0).getTimestamp()).isEqualTo(minute(30));
      // Emitted exactly at the boundaries where the same core model, fed the same windows, has
      // an interval, with its exact points.
      List<Instant> expected = new ArrayList<>();
      for (int t = 5; t <= 30; t += 5) {
        if (reference(t, 10) != null) {
          expected.add(minute(t));
        }
      }
      assertThat(out).extracting(LoadForecast::getFittedAt).containsExactlyElementsOf(expected);
      for (LoadForecast f : out) {
        int t = (int) Duration.between(T0, f.getFittedAt()).toMinutes();
        assertThat(ForecastRecords.points(f)).isEqualTo(reference(t, 10));
      }
    }
  }

  @Test
  void modelState_survivesSnapshotAndRestore_forecastsEqualAnUninterruptedRun() throws Exception {
    List<PercentileWindow> windows = new ArrayList<>();
    for (int n = 0; n < 43; n++) {
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
        .as("from the first boundary with an interval on")
        .endsWith(minute(30), minute(35), minute(40));
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
    int hours = 30; // the hourly model needs about a day of hours for an interval
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < hours * 60; n++) {
        if (n % 3 != 0) { // 40 of the 60 minutes arrive, each with 10, 11 or 12 requests
          send(h, requests("checkout", n, 10 + (n / 60) % 3));
        }
      }
      h.processWatermark(millis(minute(hours * 60)));

      List<LoadForecast> hourly =
          forecasts(h).stream().filter(f -> f.getStepSeconds() == 3600).toList();
      assertThat(hourly).isNotEmpty();
      LoadForecast last = hourly.get(hourly.size() - 1);
      Instant fitted = T0.plus(Duration.ofHours(hours));
      assertThat(last.getFittedAt()).isEqualTo(fitted);
      assertThat(last.getForecastId()).isEqualTo("checkout|requests|" + fitted + "|3600");
      assertThat(last.getPoints()).hasSize(3);
      assertThat(last.getPoints().get(0).getTimestamp()).isEqualTo(fitted);
      // Naive: the last hour again, 40 minutes of 12 requests scaled to 60 minutes = 720.
      assertThat(last.getPoints().get(0).getValue()).isEqualTo(720.0);
    }
  }

  @Test
  void staleSeries_stopsForecastingAfterStaleAfter_andLeavesNoTimers() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int n = 0; n < 30; n++) {
        send(h, requests("checkout", n, load(n)));
      }
      h.processWatermark(millis(minute(150)));

      // The last window ended 10:30: the 10:40 timer still schedules 10:45 (10:30 is within 15 min
      // of 10:40), which forecasts and stops.
      List<Instant> fitted = forecasts(h).stream().map(LoadForecast::getFittedAt).toList();
      assertThat(fitted).endsWith(minute(30), minute(35), minute(40), minute(45));
      assertThat(h.numEventTimeTimers()).isZero();

      send(h, requests("checkout", 160, 10)); // data returns: forecasting resumes
      h.processWatermark(millis(minute(165)));
      assertThat(forecasts(h).stream().map(LoadForecast::getFittedAt)).contains(minute(165));
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
