package io.headroom.core.alerts;

import io.headroom.core.window.WindowObservation;
import java.util.Map;

/**
 * Everything the rules remember about one service: each rule's state by rule name, and the latest
 * window of the metrics per-replica rules pair up (the metric and the replica count of the same
 * window arrive as separate records). A rule renamed or removed from the file loses its state.
 */
public record ServiceAlertState(
    Map<String, RuleState> rules, Map<String, WindowObservation> latest) {
  public static final ServiceAlertState EMPTY = new ServiceAlertState(Map.of(), Map.of());

  public ServiceAlertState {
    rules = Map.copyOf(rules);
    latest = Map.copyOf(latest);
  }

  public RuleState rule(String name) {
    return rules.getOrDefault(name, RuleState.QUIET);
  }
}
