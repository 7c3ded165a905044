package io.headroom.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForecastersTest {
  @Test
  void names_startWithTheDefault_andEachCreatesItsModel() {
    assertThat(Forecasters.names())
        .startsWith("auto")
        .contains("naive", "seasonal-naive", "seasonal", "growth");
    for (String name : Forecasters.names()) {
      assertThat(Forecasters.create(name, Duration.ofMinutes(1)).name()).isEqualTo(name);
    }
  }

  @Test
  void unknownName_orBadStep_isRejectedWithTheRule() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Forecasters.create("prophet", Duration.ofMinutes(1)))
        .withMessage("model: 'prophet' is not one of " + String.join(", ", Forecasters.names()));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Forecasters.create("auto", Duration.ofMillis(500)))
        .withMessageContaining("must be a whole number of seconds >= 1s");
  }

  @Test
  void periods_followFromTheStep() {
    assertThat(SeasonalPeriods.of(Duration.ofMinutes(1)))
        .isEqualTo(new SeasonalPeriods(Duration.ofMinutes(1), 1440, 10080));
    assertThat(SeasonalPeriods.of(Duration.ofMinutes(5)))
        .isEqualTo(new SeasonalPeriods(Duration.ofMinutes(5), 288, 2016));
    assertThat(SeasonalPeriods.of(Duration.ofHours(1)))
        .isEqualTo(new SeasonalPeriods(Duration.ofHours(1), 24, 168));
    assertThat(SeasonalPeriods.of(Duration.ofDays(1)))
        .isEqualTo(new SeasonalPeriods(Duration.ofDays(1), 0, 7));
    assertThat(SeasonalPeriods.of(Duration.ofDays(7)))
        .isEqualTo(new SeasonalPeriods(Duration.ofDays(7), 0, 0));
  }

  @Test
  void
      auto_isUntrustedForItsFirstDay_thenTrusted_andWeightsTheSeasonalCandidates_onASeasonalSeries() {
    EnsembleForecaster auto =
        (EnsembleForecaster) Forecasters.create("auto", Duration.ofMinutes(10));
    SyntheticSeries series = SyntheticSeries.perMinute().step(Duration.ofMinutes(10));
    var points = series.trace(Duration.ofDays(15)).points();
    for (int i = 0; i < points.size(); i++) {
      auto.update(points.get(i).timestamp(), points.get(i).value());
      if (i == 100) {
        assertThat(auto.isTrusted()).isFalse(); // not a day of one-step errors yet
        assertThat(auto.forecast(3)).extracting(ForecastPoint::value).allMatch(Double::isFinite);
      }
    }
    assertThat(auto.isTrusted()).isTrue();
    double[] halfADayAhead = auto.weightsAt(6 * 12);
    double seasonalShare =
        halfADayAhead[EnsembleForecaster.Candidate.DAY.ordinal()]
            + halfADayAhead[EnsembleForecaster.Candidate.WEEK.ordinal()]
            + halfADayAhead[EnsembleForecaster.Candidate.DAY_LEVEL.ordinal()]
            + halfADayAhead[EnsembleForecaster.Candidate.WEEK_LEVEL.ordinal()]
            + halfADayAhead[EnsembleForecaster.Candidate.SEASONAL.ordinal()];
    // Half a day ahead the last value is at the other end of the daily cycle: the seasonal
    // candidates carry it. (Exactly a day ahead the last value is at the same time of day, a
    // seasonal forecast itself.)
    assertThat(seasonalShare).isGreaterThan(0.9);
  }
}
