package io.headroom.core.scaling;

import io.headroom.core.scaling.ReplicaCalculator.Outcome;
import io.headroom.core.scaling.ReplicaCalculator.Proposal;
import io.headroom.core.scaling.ScalingEngine.ExtraProposal;
import java.util.List;
import java.util.function.Supplier;

/**
 * The parts of a decision's reason sentence, kept by the {@link ScalingDecision} and formatted only
 * when {@link ScalingDecision#reason()} is first called: "cpu 100% vs target 20% -> 15 replicas;
 * limited by scaleUp policy 4 Pods/15s / 100 Percent/15s (Max); 3 -> 7".
 *
 * @param kind which of the engine's exits the decision took
 * @param spec the spec decided on (bounds, windows and policies named in the sentence)
 * @param current replicas before the decision
 * @param to replicas after it
 * @param limit the decision's limit (for {@link Kind#NORMALIZED}, which step's sentence to add)
 * @param driving the largest valid metric proposal ({@code null} before the metrics are read)
 * @param extra the forecast's proposal, or {@code null}
 * @param invalid the metrics that could not be computed
 */
record DecisionReason(
    Kind kind,
    HpaSpec spec,
    int current,
    int to,
    Limit limit,
    Proposal driving,
    ExtraProposal extra,
    List<Proposal> invalid)
    implements Supplier<String> {

  /** The engine's exits, each with its own sentence. */
  enum Kind {
    /** The count was above maxReplicas and was brought down before reading any metric. */
    ABOVE_MAX_REPLICAS,
    /** The count was below minReplicas and was brought up before reading any metric. */
    BELOW_MIN_REPLICAS,
    /** No metric could be computed: hold. */
    NO_METRIC,
    /** Some metric could not be computed and the others would scale down: hold. */
    NO_SCALE_DOWN_WITH_MISSING_METRICS,
    /** The recommendation went through stabilization, rate policies and bounds. */
    NORMALIZED
  }

  static DecisionReason bound(Kind kind, HpaSpec spec, int current, int to, Limit limit) {
    return new DecisionReason(kind, spec, current, to, limit, null, null, List.of());
  }

  @Override
  public String get() {
    StringBuilder text = new StringBuilder(160);
    switch (kind) {
      case ABOVE_MAX_REPLICAS ->
          text.append(current)
              .append(" replicas is above maxReplicas ")
              .append(spec.maxReplicas())
              .append(" -> ")
              .append(to);
      case BELOW_MIN_REPLICAS ->
          text.append(current)
              .append(" replicas is below minReplicas ")
              .append(spec.minReplicas())
              .append(" -> ")
              .append(to);
      case NO_METRIC -> {
        text.append("no metric could be computed (");
        appendProblems(text).append("); holding ").append(current).append(" replicas");
      }
      case NO_SCALE_DOWN_WITH_MISSING_METRICS -> {
        appendMetrics(text).append("; not scaling down while ");
        appendProblems(text).append("; holding ").append(current);
      }
      case NORMALIZED -> {
        appendMetrics(text);
        appendLimit(text);
        if (!invalid.isEmpty()) {
          appendProblems(text.append("; ignoring "));
        }
        if (to == current) {
          text.append("; stays at ").append(to);
        } else {
          text.append("; ").append(current).append(" -> ").append(to);
        }
      }
    }
    return text.toString();
  }

  /** "cpu 95% vs target 70% -> 6 replicas", and what the forecast asked for. */
  private StringBuilder appendMetrics(StringBuilder text) {
    MetricSpec metric = driving.metric();
    boolean percent = metric.target().type() == MetricTarget.Type.Utilization;
    String unit = percent ? "%" : "";
    String per = metric.target().type() == MetricTarget.Type.AverageValue ? " per pod" : "";
    text.append(ScalingEngine.name(metric)).append(' ');
    Quantities.append(text, driving.value()).append(unit).append(per).append(" vs target ");
    Quantities.append(text, driving.target()).append(unit).append(" -> ");
    if (driving.outcome() == Outcome.NO_CHANGE) {
      text.append(driving.problem()).append(", ");
    }
    text.append(driving.replicas()).append(" replicas");
    if (extra != null) {
      if (extra.replicas() > driving.replicas()) {
        text.append("; ")
            .append(extra.description().get())
            .append(" -> ")
            .append(extra.replicas())
            .append(" replicas");
      } else {
        text.append(" (")
            .append(extra.description().get())
            .append(" -> ")
            .append(extra.replicas())
            .append(", not more)");
      }
    }
    return text;
  }

  /** What the limiting step did, for the limits a step of the normalization reports. */
  private void appendLimit(StringBuilder text) {
    ScalingRules up = spec.behavior().scaleUp();
    ScalingRules down = spec.behavior().scaleDown();
    switch (limit) {
      case SCALE_UP_POLICY -> appendPolicies(text.append("; limited by scaleUp "), up);
      case TOO_MANY_REPLICAS -> text.append("; limited by maxReplicas ").append(spec.maxReplicas());
      case SCALE_DOWN_POLICY -> appendPolicies(text.append("; limited by scaleDown "), down);
      case TOO_FEW_REPLICAS -> text.append("; limited by minReplicas ").append(spec.minReplicas());
      case SCALE_UP_STABILIZED ->
          text.append("; held at ")
              .append(to)
              .append(" by a lower recommendation in the last ")
              .append(up.stabilizationWindowSeconds())
              .append("s (scaleUp stabilizationWindowSeconds)");
      case SCALE_DOWN_STABILIZED ->
          text.append("; held at ")
              .append(to)
              .append(" by a higher recommendation in the last ")
              .append(down.stabilizationWindowSeconds())
              .append("s (scaleDown stabilizationWindowSeconds)");
      case DESIRED_WITHIN_RANGE, WITHIN_TOLERANCE, FORECAST, MISSING_METRICS, SCALING_DISABLED -> {}
    }
  }

  /** "policy 4 Pods/15s / 100 Percent/15s (Max)", or "selectPolicy Disabled". */
  private static void appendPolicies(StringBuilder text, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      text.append("selectPolicy Disabled");
      return;
    }
    text.append("policy ");
    List<ScalingPolicy> policies = rules.policies();
    for (int i = 0; i < policies.size(); i++) {
      text.append(i == 0 ? "" : " / ").append(policies.get(i).describe());
    }
    if (policies.size() > 1) {
      text.append(" (").append(rules.selectPolicy()).append(')');
    }
  }

  /** "cpu missing: no value for cpu, qps missing: ...". */
  private StringBuilder appendProblems(StringBuilder text) {
    for (int i = 0; i < invalid.size(); i++) {
      Proposal proposal = invalid.get(i);
      text.append(i == 0 ? "" : ", ")
          .append(ScalingEngine.name(proposal.metric()))
          .append(" missing: ")
          .append(proposal.problem());
    }
    return text;
  }
}
