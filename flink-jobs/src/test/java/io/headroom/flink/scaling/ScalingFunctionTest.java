package io.headroom.flink.scaling;

import static io.headroom.flink.Fixtures.gauge;
import static io.headroom.flink.Fixtures.millis;
import static io.headroom.flink.Fixtures.minute;
import static io.headroom.flink.Fixtures.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.scaling.HpaSpecParser;
import io.headroom.core.scaling.Observation;
import io.headroom.core.scaling.ScalingEngine;
import io.headroom.core.scaling.ScalingHistory;
import io.headroom.core.scaling.TailBudget;
import io.headroom.core.target.ForecastView;
import io.headroom.core.target.TargetView;
import io.headroom.core.target.WindowSample;
import io.headroom.flink.kafka.KafkaSettings;
import io.headroom.flink.serde.AvroBytesCodec;
import io.headroom.schemas.ForecastRecords;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.PercentileWindowMapper;
import io.headroom.schemas.ScalingCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The scaling operator on Flink's keyed two-input (broadcast) harness. */
class ScalingFunctionTest {
  static final String CPU_50 =
      """
      targets:
        - name: checkout
          metrics:
            cpu: {metric: cpu_percent, statistic: mean}
          spec:
            minReplicas: 1
            maxReplicas: 10
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  static final String PREDICTIVE =
      """
      targets:
        - name: checkout
          policy: predictive
          predictive: {replicaCapacity: 100}
          spec:
            minReplicas: 1
            maxReplicas: 30
            metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
      """;

  static ScalingSettings settings(String targets) {
    return ScalingSettings.defaults(KafkaSettings.of("localhost:9092"), null, targets);
  }

  static KeyedBroadcastOperatorTestHarness<String, ScalingInput, TargetsFile, ScalingCommand>
      harness(String targets) throws Exception {
    var harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new ScalingFunction(settings(targets)),
                List.of(ScalingFunction.TARGETS_DESCRIPTOR)),
            ScalingInput::target,
            Types.STRING,
            1,
            1,
            0);
    harness.setup(AvroBytesCodec.typeInfo(ScalingCommand.class).createSerializer(null));
    return harness;
  }

  static void open(
      KeyedBroadcastOperatorTestHarness<String, ScalingInput, TargetsFile, ScalingCommand> h)
      throws Exception {
    h.open();
    h.processBroadcastWatermark(Long.MAX_VALUE); // the targets stream carries no event time
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, ScalingInput, TargetsFile, ScalingCommand> h,
      PercentileWindow window)
      throws Exception {
    h.processElement(ScalingInput.of(window), window.getWindowEnd().toEpochMilli());
  }

  /** The windows of one minute: replicas gauge and cpu utilization. */
  static void minuteOf(
      KeyedBroadcastOperatorTestHarness<String, ScalingInput, TargetsFile, ScalingCommand> h,
      int n,
      int replicas,
      double cpu)
      throws Exception {
    send(h, gauge("checkout", "replicas", n, replicas));
    send(h, gauge("checkout", "cpu_percent", n, cpu));
  }

  static List<ScalingCommand> commands(
      KeyedBroadcastOperatorTestHarness<String, ScalingInput, TargetsFile, ScalingCommand> h) {
    List<ScalingCommand> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> record) {
        out.add((ScalingCommand) record.getValue());
      }
    }
    return out;
  }

  @Test
  void decidesEverySyncPeriodInEventTime_holdingTheLatestWindow_asTheCoreEngineDoes()
      throws Exception {
    try (var h = harness(CPU_50)) {
      open(h);
      minuteOf(h, 0, 2, 100);
      h.processWatermark(millis(minute(1)) - 1);
      assertThat(commands(h)).as("nothing before the window's end").isEmpty();

      h.processWatermark(millis(minute(1)) + Duration.ofSeconds(45).toMillis());

      List<ScalingCommand> out = commands(h);
      assertThat(out)
          .extracting(ScalingCommand::getDecidedAt)
          .containsExactly(
              minute(1),
              minute(1).plusSeconds(15),
              minute(1).plusSeconds(30),
              minute(1).plusSeconds(45));
      ScalingCommand first = out.get(0);
      assertThat(first.getCommandId()).isEqualTo("checkout|" + millis(minute(1)));
      assertThat(first.getFromReplicas()).isEqualTo(2);
      var expected =
          ScalingEngine.withDefaults()
              .decide(
                  HpaSpecParser.parse(
                      """
          maxReplicas: 10
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
          """),
                  new Observation.Aggregate(2, 2, Map.of("cpu", 100.0), Map.of()),
                  ScalingHistory.empty(),
                  minute(1));
      assertThat(first.getToReplicas()).isEqualTo(expected.to()).isEqualTo(4);
      assertThat(first.getLimit()).isEqualTo(expected.limit().name());
      assertThat(first.getReason()).isEqualTo(expected.reason());
      assertThat(first.getDrivingMetric()).isEqualTo("cpu");
      assertThat(first.getMetricValue()).isEqualTo(100.0);
      assertThat(first.getMetricTarget()).isEqualTo(50.0);
      assertThat(first.getPolicy()).isEqualTo("hpa");
    }
  }

  @Test
  void historySurvivesSnapshotAndRestore_theScaleDownWindowStillHoldsTheCount() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(CPU_50)) {
      open(h);
      minuteOf(h, 0, 4, 100); // 4 pods at 100 % of a 50 % target: recommendation 8
      h.processWatermark(millis(minute(1)));
      assertThat(commands(h)).extracting(ScalingCommand::getToReplicas).containsExactly(8);
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(CPU_50)) {
      h.initializeState(snapshot);
      open(h);
      minuteOf(
          h, 1, 4, 10); // load gone: recommendation 1, but 8 was recommended less than 300 s ago
      h.processWatermark(millis(minute(2)));

      ScalingCommand afterRestore = commands(h).get(commands(h).size() - 1);
      assertThat(afterRestore.getDecidedAt()).isEqualTo(minute(2));
      // Without the restored history the HPA would go 4 -> 1 (no recommendation to stabilize
      // against).
      assertThat(afterRestore.getToReplicas()).isEqualTo(4);
      assertThat(afterRestore.getLimit()).isEqualTo("SCALE_DOWN_STABILIZED");
    }
  }

  @Test
  void metricStopsArriving_decisionsGoOnWithTheMissingMetricRule_andStopAfterStopAfter()
      throws Exception {
    try (var h = harness(CPU_50)) {
      open(h);
      minuteOf(h, 0, 4, 100);
      for (int n = 1; n < 6; n++) {
        send(h, gauge("checkout", "replicas", n, 4)); // cpu windows stop after the first minute
      }
      h.processWatermark(millis(minute(6)));

      List<ScalingCommand> out = commands(h);
      ScalingCommand lastFresh =
          out.stream().filter(c -> c.getDecidedAt().equals(minute(3))).findFirst().orElseThrow();
      assertThat(lastFresh.getLimit())
          .as("cpu window ended 10:01, still within 2 min")
          .isNotEqualTo("MISSING_METRICS");
      ScalingCommand stale =
          out.stream()
              .filter(c -> c.getDecidedAt().equals(minute(3).plusSeconds(15)))
              .findFirst()
              .orElseThrow();
      assertThat(stale.getLimit()).isEqualTo("MISSING_METRICS");
      assertThat(stale.getToReplicas()).isEqualTo(4);
      assertThat(stale.getReason()).contains("no metric could be computed");
    }
  }

  @Test
  void targetsUpdate_byBroadcast_appliesToLaterDecisions_andAnInvalidOneIsIgnored()
      throws Exception {
    try (var h = harness(CPU_50)) {
      open(h);
      minuteOf(h, 0, 2, 100);
      h.processWatermark(millis(minute(1)));
      assertThat(commands(h).get(0).getToReplicas()).isEqualTo(4);

      h.processBroadcastElement(
          new TargetsFile("t.yaml", CPU_50.replace("maxReplicas: 10", "maxReplicas: 3"), null), 0);
      h.processBroadcastElement(
          new TargetsFile("t.yaml", "targets: [{name: x}]", null), 0); // no spec: rejected
      h.processWatermark(millis(minute(1)) + 15_000);

      ScalingCommand capped = commands(h).get(1);
      assertThat(capped.getToReplicas()).isEqualTo(3);
      assertThat(capped.getLimit()).isEqualTo("TOO_MANY_REPLICAS");
    }
  }

  @Test
  void serviceThatIsNoTarget_isIgnored_andKeepsNoTimers() throws Exception {
    try (var h = harness(CPU_50)) {
      open(h);
      send(h, gauge("search", "replicas", 0, 3));
      h.processWatermark(millis(minute(5)));
      assertThat(commands(h)).isEmpty();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void predictive_trustedForecastAboveTheReactiveCount_raisesIt_throughTheScaleUpPolicy()
      throws Exception {
    try (var h = harness(PREDICTIVE)) {
      open(h);
      List<ForecastPoint> points = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        points.add(new ForecastPoint(minute(i), 1000, 900, 1100));
      }
      LoadForecast forecast =
          ForecastRecords.toRecord(
              "checkout", "requests", "auto", true, minute(0), Duration.ofMinutes(1), points);
      h.processElement(ScalingInput.of(forecast), millis(minute(0)));
      minuteOf(h, 0, 2, 50); // reactive: 2 pods at target
      send(h, requests("checkout", 0, 1000));
      h.processWatermark(millis(minute(1)));

      ScalingCommand command = commands(h).get(0);
      assertThat(command.getPolicy()).isEqualTo("predictive");
      assertThat(command.getForecastUsed()).isTrue();
      // The load behind the forecast's proposal: the default 0.91 quantile, 1000 + z(0.91) /
      // z(0.975) × 100 = 1068.41.
      assertThat(command.getForecastValue())
          .isCloseTo(1068.41, org.assertj.core.api.Assertions.within(0.01));
      // 1000 requests at 50 per replica need 20; the default scale-up policy allows 2 + max(4 pods,
      // 100 %) = 6.
      assertThat(command.getToReplicas()).isEqualTo(6);
      assertThat(command.getLimit()).isEqualTo("SCALE_UP_POLICY");
    }
  }

  @Test
  void predictive_untrustedForecast_isExactlyTheHpa() throws Exception {
    try (var h = harness(PREDICTIVE)) {
      open(h);
      LoadForecast forecast =
          ForecastRecords.toRecord(
              "checkout",
              "requests",
              "auto",
              false,
              minute(0),
              Duration.ofMinutes(1),
              List.of(new ForecastPoint(minute(1), 5000, 4000, 6000)));
      h.processElement(ScalingInput.of(forecast), millis(minute(0)));
      minuteOf(h, 0, 2, 50);
      h.processWatermark(millis(minute(1)));

      ScalingCommand command = commands(h).get(0);
      assertThat(command.getForecastUsed()).isFalse();
      assertThat(command.getForecastValue()).isNull();
      assertThat(command.getToReplicas()).isEqualTo(2);
      assertThat(command.getReason()).contains("not trusted");
    }
  }

  @Test
  void targetState_roundTripsThroughItsCodec_exactly() throws Exception {
    // Guard for the codec: state with forecasts, samples and history round-trips exactly.
    WindowSample cpu = PercentileWindowMapper.toSample(gauge("checkout", "cpu_percent", 0, 42));
    TargetView view =
        new TargetView(
            ScalingHistory.empty().withRecommendation(minute(1), 3).withScale(minute(1), 2, 3),
            Map.of("cpu_percent", cpu),
            List.of(
                new ForecastView(
                    millis(minute(0)),
                    "auto",
                    true,
                    60,
                    List.of(new ForecastPoint(minute(1), 1, 0.5, 2)))),
            0.25,
            3,
            TargetView.NEVER,
            null,
            new TailBudget(
                2.1, 4, ScalingHistory.empty().withRecommendation(minute(1), 4), 4.5, minute(1)));
    TargetState state = new TargetState(view, List.of(cpu), millis(minute(2)), millis(minute(1)));
    TargetState.Codec codec = new TargetState.Codec();
    TargetState decoded = codec.decode(codec.encode(state));
    assertThat(decoded.view().history()).isEqualTo(view.history());
    assertThat(decoded.view().forecasts()).isEqualTo(view.forecasts());
    assertThat(decoded.view().latest().get("cpu_percent").values()).containsExactly(cpu.values());
    assertThat(decoded.view().overForecastShare()).isEqualTo(0.25);
    assertThat(decoded.view().lastTo()).isEqualTo(3);
    assertThat(decoded.view().tail()).isEqualTo(view.tail());
    assertThat(decoded.pending()).hasSize(1);
    assertThat(decoded.nextDecision()).isEqualTo(millis(minute(2)));
    assertThat(Instant.ofEpochMilli(decoded.lastWindowEnd())).isEqualTo(minute(1));
  }
}
