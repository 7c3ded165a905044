package io.headroom.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HpaSpecParserTest {

  @Test
  void wholeManifest_withEveryMetricType_mapsOneToOne() {
    HpaSpec spec =
        HpaSpecParser.parse(
            """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 40
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
          - type: Resource
            resource: {name: memory, target: {type: AverageValue, averageValue: 512Mi}}
          - type: ContainerResource
            containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}
          - type: Pods
            pods:
              metric: {name: requests_per_second}
              target: {type: AverageValue, averageValue: 1500m}
          - type: Object
            object:
              describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main}
              metric: {name: latency_p95_ms}
              target: {type: Value, value: "250"}
          - type: External
            external:
              metric: {name: consumer_lag, selector: {matchLabels: {topic: orders}}}
              target: {type: AverageValue, averageValue: 1k}
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 600
              selectPolicy: Min
              policies:
              - {type: Percent, value: 50, periodSeconds: 60}
              - {type: Pods, value: 2, periodSeconds: 60}
        status:
          currentReplicas: 3
        """);
    assertThat(spec.minReplicas()).isEqualTo(2);
    assertThat(spec.maxReplicas()).isEqualTo(40);
    assertThat(spec.metrics())
        .containsExactly(
            new MetricSpec.Resource("cpu", MetricTarget.utilization(70)),
            new MetricSpec.Resource("memory", MetricTarget.averageValue(512.0 * 1024 * 1024)),
            new MetricSpec.ContainerResource("cpu", "app", MetricTarget.utilization(60)),
            new MetricSpec.Pods("requests_per_second", MetricTarget.averageValue(1.5)),
            new MetricSpec.ObjectMetric("latency_p95_ms", "Ingress/main", MetricTarget.value(250)),
            new MetricSpec.External("consumer_lag", MetricTarget.averageValue(1000)));
    assertThat(spec.behavior().scaleDown())
        .isEqualTo(
            new ScalingRules(
                600,
                SelectPolicy.Min,
                List.of(ScalingPolicy.percent(50, 60), ScalingPolicy.pods(2, 60))));
    assertThat(spec.behavior().scaleUp()).isEqualTo(ScalingRules.defaultScaleUp());
  }

  @Test
  void specOnly_withoutBehaviorOrMinReplicas_getsUpstreamDefaults() {
    HpaSpec spec =
        HpaSpecParser.parse(
            """
        maxReplicas: 10
        metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
        """);
    assertThat(spec).isEqualTo(HpaSpec.cpu(1, 10, 70));
    assertThat(spec.behavior().scaleDown())
        .isEqualTo(
            new ScalingRules(300, SelectPolicy.Max, List.of(ScalingPolicy.percent(100, 15))));
    assertThat(spec.behavior().scaleUp())
        .isEqualTo(
            new ScalingRules(
                0,
                SelectPolicy.Max,
                List.of(ScalingPolicy.pods(4, 15), ScalingPolicy.percent(100, 15))));
  }

  @Test
  void specKeyAlone_isAcceptedLikeAManifest() {
    assertThat(HpaSpecParser.parse("spec: {maxReplicas: 5}"))
        .isEqualTo(HpaSpec.cpu(1, 5, HpaSpec.DEFAULT_CPU_UTILIZATION));
  }

  @Test
  void json_isAccepted() {
    HpaSpec spec =
        HpaSpecParser.parse(
            """
        {"spec": {"minReplicas": 3, "maxReplicas": 9,
          "metrics": [{"type": "Pods", "pods": {"metric": {"name": "queue_depth"},
                       "target": {"type": "AverageValue", "averageValue": "30"}}}]}}
        """);
    assertThat(spec.metrics())
        .containsExactly(new MetricSpec.Pods("queue_depth", MetricTarget.averageValue(30)));
    assertThat(spec.minReplicas()).isEqualTo(3);
  }

  @Test
  void autoscalingV1_targetCpuUtilizationPercentage_becomesACpuMetric() {
    HpaSpec spec =
        HpaSpecParser.parse(
            """
        apiVersion: autoscaling/v1
        kind: HorizontalPodAutoscaler
        spec: {maxReplicas: 8, targetCPUUtilizationPercentage: 65}
        """);
    assertThat(spec).isEqualTo(HpaSpec.cpu(1, 8, 65));
  }

  @Test
  void partialDirection_keepsDefaultsForFieldsLeftOut() {
    HpaSpec spec =
        HpaSpecParser.parse(
            """
        maxReplicas: 10
        behavior:
          scaleUp: {stabilizationWindowSeconds: 60}
          scaleDown: {policies: [{type: Pods, value: 1, periodSeconds: 120}]}
        """);
    assertThat(spec.behavior().scaleUp())
        .isEqualTo(ScalingRules.defaultScaleUp().withStabilizationWindowSeconds(60));
    assertThat(spec.behavior().scaleDown())
        .isEqualTo(new ScalingRules(300, SelectPolicy.Max, List.of(ScalingPolicy.pods(1, 120))));
  }

  @Test
  void configurableTolerance_isReadPerDirection() {
    HpaSpec spec =
        HpaSpecParser.parse(
            """
        maxReplicas: 10
        behavior: {scaleUp: {tolerance: 50m}, scaleDown: {tolerance: "0.2"}}
        """);
    assertThat(spec.behavior().scaleUp().tolerance()).isEqualTo(0.05);
    assertThat(spec.behavior().scaleDown().tolerance()).isEqualTo(0.2);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of(
            "minReplicas above maxReplicas",
            "{minReplicas: 5, maxReplicas: 3}",
            "minReplicas: 5 must be <= maxReplicas (3)"),
        Arguments.of(
            "maxReplicas missing", "{minReplicas: 1}", "maxReplicas: missing, must be >= 1"),
        Arguments.of("maxReplicas zero", "{maxReplicas: 0}", "maxReplicas: 0 must be >= 1"),
        Arguments.of(
            "minReplicas zero with pod metrics only",
            "{minReplicas: 0, maxReplicas: 3}",
            "minReplicas: 0 must be >= 1 (0 is allowed only with an Object or External metric)"),
        Arguments.of(
            "maxReplicas not a number",
            "{maxReplicas: ten}",
            "maxReplicas: 'ten' must be an integer"),
        Arguments.of(
            "unknown metric type",
            "{maxReplicas: 3, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}, {type: Foo}]}",
            "metrics[1].type: unknown type 'Foo' (Resource, Pods, Object, External, ContainerResource)"),
        Arguments.of(
            "metric type without its block",
            "{maxReplicas: 3, metrics: [{type: Pods}]}",
            "metrics[0].pods: missing, required when type is Pods"),
        Arguments.of(
            "utilization target for a Pods metric",
            "{maxReplicas: 3, metrics: [{type: Pods, pods: {metric: {name: qps}, target: {type: Utilization, averageUtilization: 50}}}]}",
            "metrics[0].pods.target.type: Utilization is not allowed here, must be AverageValue"),
        Arguments.of(
            "target value missing",
            "{maxReplicas: 3, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization}}}]}",
            "metrics[0].resource.target.averageUtilization: missing, must be set (> 0) when type is Utilization"),
        Arguments.of(
            "target value negative",
            "{maxReplicas: 3, metrics: [{type: External, external: {metric: {name: lag}, target: {type: Value, value: -5}}}]}",
            "metrics[0].external.target.value: -5 must be > 0"),
        Arguments.of(
            "bad quantity",
            "{maxReplicas: 3, metrics: [{type: External, external: {metric: {name: lag}, target: {type: Value, value: 5 apples}}}]}",
            "metrics[0].external.target.value: '5 apples' is not a quantity (e.g. 100, 500m, 1.5k, 128Mi)"),
        Arguments.of(
            "policy period missing",
            "{maxReplicas: 3, behavior: {scaleDown: {policies: [{type: Pods, value: 1}]}}}",
            "behavior.scaleDown.policies[0].periodSeconds: missing, must be 1..1800"),
        Arguments.of(
            "policy period too long",
            "{maxReplicas: 3, behavior: {scaleUp: {policies: [{type: Percent, value: 100, periodSeconds: 3600}]}}}",
            "behavior.scaleUp.policies[0].periodSeconds: 3600 must be 1..1800"),
        Arguments.of(
            "policy value negative",
            "{maxReplicas: 3, behavior: {scaleDown: {policies: [{type: Pods, value: -5, periodSeconds: 60}]}}}",
            "behavior.scaleDown.policies[0].value: -5 must be > 0"),
        Arguments.of(
            "policy type unknown",
            "{maxReplicas: 3, behavior: {scaleDown: {policies: [{type: Nodes, value: 1, periodSeconds: 60}]}}}",
            "behavior.scaleDown.policies[0].type: unknown type 'Nodes', must be Pods or Percent"),
        Arguments.of(
            "empty policies",
            "{maxReplicas: 3, behavior: {scaleUp: {policies: []}}}",
            "behavior.scaleUp.policies: empty, must specify at least one policy"),
        Arguments.of(
            "window too long",
            "{maxReplicas: 3, behavior: {scaleDown: {stabilizationWindowSeconds: 4000}}}",
            "behavior.scaleDown.stabilizationWindowSeconds: 4000 must be 0..3600"),
        Arguments.of(
            "selectPolicy unknown",
            "{maxReplicas: 3, behavior: {scaleDown: {selectPolicy: Maximum}}}",
            "behavior.scaleDown.selectPolicy: unknown value 'Maximum' (Max, Min, Disabled)"),
        Arguments.of(
            "typo in a field name",
            "{maxReplicas: 3, behavior: {scaleDown: {stabilisationWindowSeconds: 60}}}",
            "behavior.scaleDown.stabilisationWindowSeconds: unknown field (expected policies, selectPolicy, stabilizationWindowSeconds, tolerance)"),
        Arguments.of(
            "another kind",
            "{kind: Deployment, spec: {maxReplicas: 3}}",
            "kind: 'Deployment' is not HorizontalPodAutoscaler"),
        Arguments.of("not a mapping", "- a\n- b", "(root): a list must be a mapping (key: value)"),
        Arguments.of("not YAML", "maxReplicas: [1, 2", "HPA spec is not valid YAML/JSON"),
        Arguments.of(
            "v1 target zero",
            "{maxReplicas: 3, targetCPUUtilizationPercentage: 0}",
            "targetCPUUtilizationPercentage: 0 must be > 0"),
        Arguments.of(
            "empty", "", "HPA spec is empty: expected a HorizontalPodAutoscaler or its spec"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void invalidSpec_failsWithOneLineNamingFieldValueAndRule(
      String scenario, String yaml, String message) {
    assertThatThrownBy(() -> HpaSpecParser.parse(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
