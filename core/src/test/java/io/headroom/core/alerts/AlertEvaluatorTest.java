package io.headroom.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.sketch.WindowStats;
import io.headroom.core.window.WindowObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final AlertEvaluator DEFAULTS = new AlertEvaluator(AlertRules.defaults());

  @Test
  void
      cpuAbove70_firesAfterFiveMinutes_staysFiringBetweenClearAndThreshold_andResolvesAfterFiveMinutesBelow60() {
    // minute:            0   1   2   3   4   5   6   7   8   9  10  11  12
    double[] cpu = {50, 50, 75, 75, 75, 75, 75, 65, 55, 55, 55, 55, 55};
    Run run = new Run(DEFAULTS);
    run.series("cpu_percent", 0, cpu);

    assertThat(run.changes)
        .containsExactly(
            // above from 10:02; five minutes held at the end of the 10:06 window
            change(
                "cpu-high",
                "cpu_percent",
                Severity.WARNING,
                AlertStatus.FIRING,
                75,
                70,
                Priority.URGENT,
                7),
            // 65 at 10:07 is below 70 but not below 60: still firing; below 60 from 10:08, held 5
            // min at 10:13
            change(
                "cpu-high",
                "cpu_percent",
                Severity.WARNING,
                AlertStatus.RESOLVED,
                55,
                60,
                Priority.URGENT,
                13));
  }

  @Test
  void valuesHoveringAroundTheThreshold_neverFire_andOnceFiring_neverFlap() {
    Run run = new Run(DEFAULTS);
    double[] hovering = new double[60];
    for (int i = 0; i < hovering.length; i++) {
      hovering[i] = i % 5 == 4 ? 69 : 71; // four minutes above, one below: never five in a row
    }
    run.series("cpu_percent", 0, hovering);
    assertThat(run.changes).isEmpty();

    double[] incident = {80, 80, 80, 80, 80};
    run.series("cpu_percent", 60, incident);
    double[] aroundClear = new double[60];
    for (int i = 0; i < aroundClear.length; i++) {
      aroundClear[i] = i % 4 == 3 ? 61 : 58; // below 60 at most three minutes in a row
    }
    run.series("cpu_percent", 65, aroundClear);
    assertThat(run.changes).extracting(AlertChange::status).containsExactly(AlertStatus.FIRING);
  }

  @Test
  void
      seededNoise_aroundTheThreshold_givesAlternatingFiringAndResolved_withAtLeastFiveMinutesBetween() {
    SplittableRandom random = new SplittableRandom(2026);
    double[] cpu = new double[24 * 60];
    for (int i = 0; i < cpu.length; i++) {
      cpu[i] = 65 + 10 * Math.sin(i / 40.0) + 4 * random.nextGaussian();
    }
    Run run = new Run(DEFAULTS);
    run.series("cpu_percent", 0, cpu);

    assertThat(run.changes).as("seed 2026").isNotEmpty();
    for (int i = 0; i < run.changes.size(); i++) {
      AlertChange c = run.changes.get(i);
      assertThat(c.status()).isEqualTo(i % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED);
      if (i > 0) {
        assertThat(Duration.between(run.changes.get(i - 1).changedAt(), c.changedAt()))
            .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
      }
    }
  }

  @Test
  void warningEscalatesToCritical_thenResolvesAsCritical() {
    Run run = new Run(DEFAULTS);
    run.series(
        "cpu_percent",
        0,
        new double[] {75, 75, 75, 75, 75, 95, 95, 95, 95, 95, 50, 50, 50, 50, 50});
    assertThat(run.changes)
        .containsExactly(
            change(
                "cpu-high",
                "cpu_percent",
                Severity.WARNING,
                AlertStatus.FIRING,
                75,
                70,
                Priority.URGENT,
                5),
            change(
                "cpu-high",
                "cpu_percent",
                Severity.CRITICAL,
                AlertStatus.FIRING,
                95,
                90,
                Priority.IMMEDIATE,
                10),
            change(
                "cpu-high",
                "cpu_percent",
                Severity.CRITICAL,
                AlertStatus.RESOLVED,
                50,
                60,
                Priority.IMMEDIATE,
                15));
  }

  @Test
  void criticalFromTheStart_firesCriticalOnly() {
    Run run = new Run(DEFAULTS);
    run.series("cpu_percent", 0, new double[] {95, 95, 95, 95, 95});
    assertThat(run.changes)
        .extracting(AlertChange::severity, AlertChange::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, AlertStatus.FIRING));
  }

  @Test
  void aMissingWindow_breaksTheRun() {
    Run run = new Run(DEFAULTS);
    run.series("cpu_percent", 0, new double[] {80, 80, 80, 80});
    run.series("cpu_percent", 5, new double[] {80, 80, 80, 80}); // no window at 10:04
    assertThat(run.changes).isEmpty();
    run.series("cpu_percent", 9, new double[] {80});
    assertThat(run.changes).hasSize(1);
    assertThat(run.changes.get(0).changedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void replayedWindows_areIgnored_soAReplayEmitsNothingTwice() {
    Run run = new Run(DEFAULTS);
    double[] errors = {0.02, 0.02, 0.001, 0.001, 0.001, 0.001, 0.001};
    run.series("error_rate", 0, errors);
    run.series("error_rate", 0, errors);
    assertThat(run.changes)
        .extracting(AlertChange::status, AlertChange::changedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertStatus.FIRING, T0.plus(Duration.ofMinutes(1))),
            org.assertj.core.groups.Tuple.tuple(
                AlertStatus.RESOLVED, T0.plus(Duration.ofMinutes(7))));
  }

  @Test
  void errorRate_warnsAbove1Percent_andIsCriticalAbove5Percent() {
    Run run = new Run(DEFAULTS);
    run.series("error_rate", 0, new double[] {0.009, 0.02, 0.06});
    assertThat(run.changes)
        .extracting(AlertChange::severity, AlertChange::threshold, AlertChange::changedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Severity.WARNING, 0.01, T0.plus(Duration.ofMinutes(2))),
            org.assertj.core.groups.Tuple.tuple(
                Severity.CRITICAL, 0.05, T0.plus(Duration.ofMinutes(3))));
  }

  @Test
  void queueDepthPerPod_dividesByTheReplicasOfTheSameWindow_inEitherArrivalOrder_once() {
    Run run = new Run(DEFAULTS);
    // 10:00: 400 messages on 5 pods = 80 per pod; 10:01: 600 on 5 = 120 per pod (fires); 10:02
    // replicas first.
    run.observe(window("queue_depth", 0, 400));
    run.observe(window("replicas", 0, 5));
    run.observe(window("queue_depth", 1, 600));
    run.observe(window("replicas", 1, 5));
    run.observe(window("replicas", 2, 6));
    run.observe(window("queue_depth", 2, 660));
    assertThat(run.changes)
        .containsExactly(
            change(
                "queue-depth-per-pod",
                "queue_depth",
                Severity.WARNING,
                AlertStatus.FIRING,
                120,
                100,
                Priority.URGENT,
                2));
    assertThat(run.state.latest())
        .as("only the newest window is kept for pairing")
        .hasSize(2)
        .allSatisfy((metric, w) -> assertThat(w.start()).isEqualTo(T0.plus(Duration.ofMinutes(2))));
  }

  @Test
  void processingTimeAtTwiceItsNormalLevel_firesAfterWarmUp_andTheIncidentDoesNotBecomeNormal() {
    Run run = new Run(DEFAULTS);
    double[] normal = new double[60];
    java.util.Arrays.fill(normal, 100);
    run.series("latency_ms", 0, normal);
    double[] slow = new double[30];
    java.util.Arrays.fill(slow, 250);
    run.series("latency_ms", 60, slow);
    double[] back = new double[10];
    java.util.Arrays.fill(back, 100);
    run.series("latency_ms", 90, back);

    assertThat(run.changes)
        .filteredOn(c -> c.rule().equals("processing-time-regression"))
        .containsExactly(
            change(
                "processing-time-regression",
                "latency_ms",
                Severity.WARNING,
                AlertStatus.FIRING,
                250,
                200,
                Priority.PLANNED,
                65),
            // 30 minutes of 250 did not move the baseline: the clear threshold is still 1.5 × 100
            change(
                "processing-time-regression",
                "latency_ms",
                Severity.WARNING,
                AlertStatus.RESOLVED,
                100,
                150,
                Priority.PLANNED,
                100));
  }

  @Test
  void baselineRule_staysSilentDuringWarmUp() {
    Run run = new Run(DEFAULTS);
    double[] values = new double[30];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < 5 ? 10 : 1000; // a 100× jump within the 30-minute warm-up is not judged yet
    }
    run.series("latency_ms", 0, values);
    assertThat(run.changes)
        .filteredOn(c -> c.rule().equals("processing-time-regression"))
        .isEmpty();
    assertThat(run.state.rule("processing-time-regression").baselineSeen())
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void windowsOfAnotherSize_areIgnored() {
    Run run = new Run(DEFAULTS);
    for (int hour = 0; hour < 3; hour++) {
      run.observe(
          new WindowObservation(
              "checkout",
              "cpu_percent",
              T0.plus(Duration.ofHours(hour)),
              T0.plus(Duration.ofHours(hour + 1)),
              1,
              stats(99)));
    }
    assertThat(run.changes).isEmpty();
    assertThat(run.state).isEqualTo(ServiceAlertState.EMPTY);
  }

  @Test
  void state_roundTripsThroughTheCodec() {
    Run run = new Run(DEFAULTS);
    run.series("cpu_percent", 0, new double[] {75, 75, 75});
    run.series("latency_ms", 0, new double[] {100, 120});
    run.observe(window("queue_depth", 2, 10));
    assertThat(AlertStateCodec.decode(AlertStateCodec.encode(run.state))).isEqualTo(run.state);
    assertThat(AlertStateCodec.decode(AlertStateCodec.encode(ServiceAlertState.EMPTY)))
        .isEqualTo(ServiceAlertState.EMPTY);
  }

  static WindowObservation window(String metric, int minute, double value) {
    Instant start = T0.plus(Duration.ofMinutes(minute));
    return new WindowObservation(
        "checkout", metric, start, start.plus(Duration.ofMinutes(1)), value / 60, stats(value));
  }

  static WindowStats stats(double value) {
    return new WindowStats(60, 60 * value, value, value, value, value, value, value, value);
  }

  private static AlertChange change(
      String rule,
      String metric,
      Severity severity,
      AlertStatus status,
      double value,
      double threshold,
      Priority priority,
      int endMinute) {
    String recommendation =
        AlertRules.defaults().rules().stream()
            .filter(r -> r.name().equals(rule))
            .findFirst()
            .orElseThrow()
            .recommendation();
    return new AlertChange(
        rule,
        "checkout",
        metric,
        severity,
        status,
        value,
        threshold,
        priority,
        recommendation,
        T0.plus(Duration.ofMinutes(endMinute)));
  }

  /** Feeds windows through the evaluator, keeping the state between them as a store would. */
  static final class Run {
    final AlertEvaluator evaluator;
    ServiceAlertState state = ServiceAlertState.EMPTY;
    final List<AlertChange> changes = new ArrayList<>();

    Run(AlertEvaluator evaluator) {
      this.evaluator = evaluator;
    }

    void observe(WindowObservation window) {
      AlertEvaluator.Result result = evaluator.observe(state, window);
      state = result.state();
      changes.addAll(result.changes());
    }

    void series(String metric, int firstMinute, double[] values) {
      for (int i = 0; i < values.length; i++) {
        observe(window(metric, firstMinute + i, values[i]));
      }
    }
  }
}
