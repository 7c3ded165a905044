package io.headroom.core.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.backtest.BacktestResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {
  private static BacktestResult run(double replicaHours, double tauU) {
    return new BacktestResult(
        "x", 100, 100, 0, 0, tauU, 0, 0, 1, replicaHours, 0, 0, 0, 0, Double.NaN);
  }

  /**
   * A trace whose HPA frontier is (80: 100 rh, 4 %), (70: 110, 2 %), (60: 125, 1 %), (50: 150, 0.5
   * %).
   */
  private static TraceEvaluation trace(String name, double predictiveRh, double predictiveTau) {
    Map<Integer, BacktestResult> hpa = new LinkedHashMap<>();
    hpa.put(50, run(150, 0.5));
    hpa.put(60, run(125, 1));
    hpa.put(70, run(110, 2));
    hpa.put(80, run(100, 4));
    return new TraceEvaluation(
        name,
        10,
        Duration.ofMinutes(1),
        1,
        Duration.ZERO,
        Duration.ZERO,
        List.of(),
        hpa,
        run(predictiveRh, predictiveTau),
        run(200, 0.1),
        run(120, 0),
        70);
  }

  @Test
  void eachTrace_getsTheValueTheOthersPrefer_andTheGoalCountsFirst() {
    Map<Double, List<TraceEvaluation>> runs = new LinkedHashMap<>();
    // q 0.8: cheap, meets the goal on a and b (tau 0.9 <= half of 2 at 113 <= 115.5 rh), misses c.
    runs.put(0.8, List.of(trace("a", 113, 0.9), trace("b", 113, 0.9), trace("c", 112, 1.5)));
    // q 0.95: far below the frontier everywhere, but over 105 % of the cost: meets the goal
    // nowhere.
    runs.put(0.95, List.of(trace("a", 140, 0.1), trace("b", 140, 0.1), trace("c", 140, 0.1)));
    LeaveOneOut.Result result = LeaveOneOut.choose(runs);
    assertThat(result.chosenOnAll()).isEqualTo(0.8);
    assertThat(result.heldOut())
        .extracting(LeaveOneOut.Choice::value)
        .containsExactly(0.8, 0.8, 0.8);
    assertThat(result.heldOutMet()).isEqualTo(2);
  }

  @Test
  void aTie_onTheGoal_goesToTheValueFurthestBelowTheFrontier() {
    Map<Double, List<TraceEvaluation>> runs = new LinkedHashMap<>();
    runs.put(0.8, List.of(trace("a", 140, 0.4), trace("b", 140, 0.4)));
    runs.put(0.9, List.of(trace("a", 140, 0.2), trace("b", 140, 0.2)));
    assertThat(LeaveOneOut.choose(runs).chosenOnAll()).isEqualTo(0.9);
    assertThat(LeaveOneOut.frontierLogRatio(trace("a", 125, 1)))
        .isCloseTo(0, org.assertj.core.api.Assertions.within(1e-12));
  }
}
