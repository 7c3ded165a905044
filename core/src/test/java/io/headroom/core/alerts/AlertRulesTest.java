package io.headroom.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.window.Statistic;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRulesTest {
  private static final String VALID_RULE =
      """
      rules:
        - name: cpu
          metric: cpu_percent
          warning: {above: 70}
          recommendation: scale out
      """;

  @Test
  void defaults_holdTheCommonPracticeThresholds() {
    AlertRules rules = AlertRules.defaults();
    assertThat(rules.window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(rules.rules())
        .extracting(AlertRule::name)
        .containsExactly(
            "cpu-high",
            "memory-high",
            "latency-p95-high",
            "error-rate-high",
            "queue-depth-per-pod",
            "queue-depth-total",
            "processing-time-regression");
    AlertRule cpu = rules.rules().get(0);
    assertThat(cpu.warning()).isEqualTo(new AlertRule.Level(70, Priority.URGENT));
    assertThat(cpu.forDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(cpu.clearBelow()).isEqualTo(60);
    assertThat(rules.rules().get(1).warning().above()).isEqualTo(80);
    assertThat(rules.rules().get(2).statistic()).isEqualTo(Statistic.P95);
    assertThat(rules.rules().get(2).warning().above()).isEqualTo(500);
    assertThat(rules.rules().get(3).warning().above()).isEqualTo(0.01);
    assertThat(rules.rules().get(3).critical().above()).isEqualTo(0.05);
    assertThat(rules.rules().get(4).perReplica()).isTrue();
    assertThat(rules.rules().get(5).warning().above()).isEqualTo(1000);
    assertThat(rules.rules().get(6).baseline())
        .isEqualTo(new AlertRule.Baseline(Duration.ofHours(1), Duration.ofMinutes(30)));
  }

  @Test
  void minimalRule_getsDefaults_clearAt90PercentOfTheThreshold_forOneWindow() {
    AlertRule rule = AlertRules.parse(VALID_RULE).rules().get(0);
    assertThat(rule.statistic()).isEqualTo(Statistic.MEAN);
    assertThat(rule.perReplica()).isFalse();
    assertThat(rule.warning().priority()).isEqualTo(Priority.URGENT);
    assertThat(rule.critical()).isNull();
    assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(rule.clearBelow()).isEqualTo(63);
    assertThat(rule.clearFor()).isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      threshold not a number   | warning: {above: 70}           | warning: {above: high}                 | rules[0].warning.above: 'high' is not a number
      unknown field            | warning: {above: 70}           | warning: {above: 70, priorty: urgent}  | rules[0].warning.priorty: unknown field (known: above, priority)
      bad priority             | warning: {above: 70}           | warning: {above: 70, priority: soon}   | rules[0].warning.priority: 'soon' must be one of immediate, urgent, planned
      clear above threshold    | warning: {above: 70}           | warning: {above: 70}\\n    clear: {below: 75} | rules[0].clear.below: 75.0 must be <= warning.above 70.0 (a rule that clears above its threshold would flap)
      critical below warning   | warning: {above: 70}           | warning: {above: 70}\\n    critical: {above: 60} | rules[0].critical.above: 60.0 must be greater than warning.above 70.0
      bad duration             | warning: {above: 70}           | warning: {above: 70}\\n    for: 5 minutes | rules[0].for: '5 minutes' is not a duration (examples: 500ms, 15s, 2m, 1h30m, 7d, 2w)
      bad statistic            | metric: cpu_percent            | metric: cpu_percent\\n    statistic: p42 | rules[0].statistic: 'p42' must be one of mean, min, max, p50, p90, p95, p99, rate, sum, count
      no recommendation        | recommendation: scale out      | recommendation: ''                     | rules[0].recommendation: is required (a non-empty text)
      no warning               | warning: {above: 70}           | critical: {above: 90}                  | rules[0].warning: is required ({above: N, priority: urgent})
      bad per                  | metric: cpu_percent            | metric: cpu_percent\\n    per: node    | rules[0].per: 'node' must be service or replica
      """)
  void invalidRules_failWithOneLineNamingTheField(
      String scenario, String replace, String with, String message) {
    String yaml = VALID_RULE.replace(replace, with.replace("\\n", "\n"));
    assertThatThrownBy(() -> AlertRules.parse(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThat(message).doesNotContain("\n");
  }

  @Test
  void duplicateNames_unknownTopLevelKeys_andBrokenYaml_areNamed() {
    assertThatThrownBy(() -> AlertRules.parse(VALID_RULE + VALID_RULE.replace("rules:\n", "")))
        .hasMessage("rules: name 'cpu' is used twice");
    assertThatThrownBy(() -> AlertRules.parse("windw: 1m\n" + VALID_RULE))
        .hasMessage("windw: unknown field (known: rules, window)");
    assertThatThrownBy(() -> AlertRules.parse("rules: []"))
        .hasMessage("rules: must be a non-empty list of rules");
    assertThatThrownBy(() -> AlertRules.parse("rules:\n  - name: a\n   metric: b"))
        .hasMessageStartingWith("not valid YAML at line 3, column ");
  }
}
