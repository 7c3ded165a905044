package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.forecast.ForecastPoint;
import org.junit.jupiter.api.Test;

class ForecastTrustTest {
  private static final ForecastPoint FORECAST = new ForecastPoint(T0, 100, 80, 120);

  @Test
  void calibratedForecasts_stayTrusted_andForecastsTooLowAreNotHeldAgainstIt() {
    ForecastTrust trust = ForecastTrust.over(30, 0.5);
    for (int i = 0; i < 500; i++) {
      trust = trust.observe(i % 10 == 0 ? 150 : 100, FORECAST); // 10 % above the upper bound
    }
    assertThat(trust.trusted()).isTrue();
    assertThat(trust.overForecastShare()).isZero();
  }

  @Test
  void actualsBelowTheLowerBound_distrustWithinAboutTheWindow_thenRecover() {
    ForecastTrust trust = ForecastTrust.over(30, 0.5);
    int steps = 0;
    while (trust.trusted()) {
      trust = trust.observe(0, FORECAST); // an outage: zero traffic against a confident forecast
      steps++;
    }
    assertThat(steps).isBetween(10, 30);
    assertThat(trust.note()).contains("below its lower bound");
    int recovery = 0;
    while (!trust.trusted()) {
      trust = trust.observe(100, FORECAST);
      recovery++;
    }
    assertThat(recovery).isBetween(1, 30);
  }

  @Test
  void badSettings_areRejected() {
    assertThatThrownBy(() -> ForecastTrust.over(0, 0.5)).hasMessage("windowSteps: 0 must be >= 1");
    assertThatThrownBy(() -> ForecastTrust.over(10, 0))
        .hasMessage("maxShare: 0.0 must be in (0, 1]");
  }
}
