package io.headroom.core.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.backtest.BacktestResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpaFrontierTest {
  private static BacktestResult run(double replicaHours, double tauU) {
    return new BacktestResult(
        "hpa", 100, 100, 0, 0, tauU, 0, 0, 1, replicaHours, 0, 0, 0, 0, Double.NaN);
  }

  // evaluation.md: targets 80, 70, 60, 50 % give (cost, tau_U) points; more cost, less
  // under-provisioning.
  private final HpaFrontier frontier =
      new HpaFrontier(List.of(run(100, 6), run(80, 9), run(120, 3), run(150, 1)));

  @Test
  void betweenTwoPoints_isTheStraightLine() {
    assertThat(frontier.tauUAt(90))
        .isCloseTo(7.5, within(1e-12)); // halfway between (80, 9) and (100, 6)
    assertThat(frontier.tauUAt(135)).isCloseTo(2, within(1e-12));
  }

  @Test
  void beyondTheRange_isTheEndPoint() {
    assertThat(frontier.tauUAt(50)).isEqualTo(9);
    assertThat(frontier.tauUAt(400)).isEqualTo(1);
  }

  @Test
  void aRunBelowTheLine_beatsIt_onOnTheLine_doesNot() {
    assertThat(frontier.beatenBy(run(90, 7))).isTrue();
    assertThat(frontier.beatenBy(run(90, 7.5))).isFalse();
    assertThat(frontier.beatenBy(run(200, 1.5))).isFalse(); // dearer than the 50 % target and worse
  }
}
