package io.headroom.core.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.LoadForecaster;
import io.headroom.core.trace.Trace;
import io.headroom.core.trace.TracePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingOriginEvaluatorTest {
  private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private static Instant hour(long h) {
    return T0.plus(HOUR.multipliedBy(h));
  }

  /** y(h) = h for the given hours. */
  private static Trace ramp(int hours, int... missing) {
    List<TracePoint> points = new ArrayList<>();
    outer:
    for (int h = 0; h < hours; h++) {
      for (int m : missing) {
        if (m == h) {
          continue outer;
        }
      }
      points.add(new TracePoint(hour(h), h));
    }
    return new Trace(points, HOUR, 0);
  }

  /** Forecasts 0 with a [0, 0] interval and records what it had seen at each forecast. */
  private static final class Spy implements LoadForecaster {
    Instant last;
    final List<Instant> seenAtForecast = new ArrayList<>();
    int updates;

    @Override
    public String name() {
      return "spy";
    }

    @Override
    public void update(Instant time, double value) {
      last = time;
      updates++;
    }

    @Override
    public List<ForecastPoint> forecast(int steps) {
      List<ForecastPoint> points = new ArrayList<>();
      for (int i = 1; i <= steps; i++) {
        points.add(new ForecastPoint(last.plus(HOUR.multipliedBy(i)), 0, 0, 0));
      }
      seenAtForecast.add(last);
      return points;
    }

    @Override
    public boolean isTrusted() {
      return updates > 30;
    }
  }

  @Test
  void ramp_originsEvery12h_byHand() {
    Spy spy = new Spy();
    List<ForecastRow> rows = new ArrayList<>();
    BacktestResult result =
        RollingOriginEvaluator.run(
            ramp(72),
            spy,
            new BacktestSettings(Duration.ofHours(2), Duration.ofHours(12), Duration.ofHours(24)),
            rows::add,
            RollingOriginEvaluator.Progress.NONE);

    // Origins at hours 24, 36, 48, 60 (the trace ends at hour 71); each sees data up to itself
    // only.
    assertThat(result.origins()).isEqualTo(4);
    // (the interface's default forecast(origin, steps) probes forecast(2) first, hence distinct())
    assertThat(spy.seenAtForecast.stream().distinct())
        .containsExactly(hour(24), hour(36), hour(48), hour(60));
    assertThat(spy.updates).isEqualTo(61); // fed incrementally, each point once
    assertThat(rows).hasSize(8);
    assertThat(rows.get(0)).isEqualTo(new ForecastRow(hour(24), hour(25), 0, 0, 0));
    assertThat(rows.get(7)).isEqualTo(new ForecastRow(hour(60), hour(62), 0, 0, 0));
    assertThat(result.untrustedOrigins())
        .isEqualTo(1); // at hour 24 the spy has seen 25 points (< 31)
    AccuracyReport r = result.overall();
    // actuals 25, 26, 37, 38, 49, 50, 61, 62 (sum 348); the model says 0
    assertThat(r.pairs()).isEqualTo(8);
    assertThat(r.mae()).isCloseTo(348 / 8.0, within(1e-12));
    assertThat(r.naiveMae())
        .isCloseTo(1.5, within(1e-12)); // naive: the origin's value, errors 1, 2
    assertThat(r.seasonalNaiveMae()).isCloseTo(24, within(1e-12)); // a day earlier: always 24 less
    assertThat(r.relMae()).isCloseTo(348 / 8.0 / 1.5, within(1e-12));
    assertThat(r.mase()).isCloseTo(348 / 8.0 / 24, within(1e-12)); // mean |y(t) − y(t − 24)| = 24
    assertThat(r.smape()).isCloseTo(200, within(1e-9));
    assertThat(r.coverage()).isZero();
    assertThat(result.atHorizon().pairs()).isEqualTo(4);
    assertThat(result.atHorizon().mae()).isCloseTo((26 + 38 + 50 + 62) / 4.0, within(1e-12));
  }

  @Test
  void beyondADay_seasonalNaiveUsesAWeekEarlier_elseTheNaiveValue() {
    Spy spy = new Spy();
    BacktestResult result =
        RollingOriginEvaluator.run(
            ramp(60),
            spy,
            new BacktestSettings(Duration.ofHours(26), Duration.ofHours(100), Duration.ofHours(24)),
            row -> {},
            RollingOriginEvaluator.Progress.NONE);
    // One origin (hour 24), targets 25..50: 25..48 from a day earlier (error 24 each); 49 and 50
    // would
    // need a day earlier (25, 26) that is after the origin and a week earlier that is before the
    // trace:
    // the naive value 24 (errors 25, 26).
    assertThat(result.overall().seasonalNaiveMae())
        .isCloseTo((24 * 24 + 25 + 26) / 26.0, within(1e-12));
  }

  @Test
  void seasonalNaive_rule_onAnArrayWithGaps() {
    double[] values = new double[24 * 8 + 10];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    values[24 * 8 + 3 - 24] = Double.NaN; // the day-earlier source of target 195 is missing
    long origin = 24 * 8;
    assertThat(RollingOriginEvaluator.seasonalNaive(values, origin, origin + 2, 24, 168, -1))
        .isEqualTo(origin + 2 - 24);
    assertThat(RollingOriginEvaluator.seasonalNaive(values, origin, origin + 3, 24, 168, -1))
        .isEqualTo(origin + 3 - 48);
    assertThat(RollingOriginEvaluator.seasonalNaive(values, origin, origin + 30, 24, 168, -1))
        .isEqualTo(origin + 30 - 168);
    // A week earlier is after the origin for a 200-step horizon: whole weeks back to before the
    // origin.
    assertThat(RollingOriginEvaluator.seasonalNaive(values, 10, 10 + 200, 24, 168, -1))
        .isEqualTo(-1);
  }

  @Test
  void missingRows_areNotScored_andOriginsInsideAGapForecastAfterTheOrigin() {
    Spy spy = new Spy();
    List<ForecastRow> rows = new ArrayList<>();
    BacktestResult result =
        RollingOriginEvaluator.run(
            ramp(48, 30, 31, 32, 33),
            spy,
            new BacktestSettings(Duration.ofHours(2), Duration.ofHours(2), Duration.ofHours(28)),
            rows::add,
            RollingOriginEvaluator.Progress.NONE);
    // Origins 28, 30, ..., 46; the one at 32 sits in the gap: its rows are for 33 and 34.
    assertThat(rows)
        .filteredOn(r -> r.origin().equals(hour(32)))
        .extracting(ForecastRow::timestamp)
        .containsExactly(hour(33), hour(34));
    assertThat(rows).hasSize(20);
    // Scored: every target except the missing hours 30..33 and hour 48, after the end of the trace.
    assertThat(result.overall().pairs()).isEqualTo(20 - 4 - 1);
  }

  @Test
  void settingsThatDoNotFitTheTrace_areRejectedWithTheRule() {
    Trace trace = ramp(48);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                RollingOriginEvaluator.run(
                    trace,
                    new Spy(),
                    new BacktestSettings(Duration.ofMinutes(90), HOUR, HOUR),
                    r -> {},
                    RollingOriginEvaluator.Progress.NONE))
        .withMessage("horizon: 1h30m must be a multiple of the trace step 1h");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                RollingOriginEvaluator.run(
                    trace,
                    new Spy(),
                    new BacktestSettings(HOUR, HOUR, Duration.ofDays(7)),
                    r -> {},
                    RollingOriginEvaluator.Progress.NONE))
        .withMessageStartingWith("warmup: 7d leaves no origin before the end of the trace");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BacktestSettings(Duration.ZERO, HOUR, HOUR))
        .withMessage("horizon: 0s must be > 0");
  }
}
