package io.headroom.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MappingConfigTest {
  @Test
  void defaults_readServiceThenJob_andEndWithACatchAllGauge() {
    MappingConfig config = MappingConfig.defaults();

    assertThat(config.serviceLabels()).containsExactly("service", "job");
    assertThat(config.instanceLabel()).isEqualTo("instance");
    assertThat(config.maxSeries()).isEqualTo(100_000);
    assertThat(config.rules())
        .first()
        .isEqualTo(
            new SeriesRule(
                "http_server_request_duration_seconds_bucket",
                SeriesRule.Action.HISTOGRAM,
                "latency_ms",
                1000,
                "ms"));
    assertThat(config.rules())
        .last()
        .isEqualTo(new SeriesRule("*", SeriesRule.Action.GAUGE, null, 1, ""));
  }

  @Test
  void parse_minimalFile_takesDefaultsForTheRest() {
    MappingConfig config = MappingConfig.parse("rules:\n  - {match: \"up\"}\n");

    assertThat(config.serviceLabels()).containsExactly("service", "job");
    assertThat(config.rules())
        .containsExactly(new SeriesRule("up", SeriesRule.Action.GAUGE, null, 1, ""));
  }

  @Test
  void parse_unknownAction_namesFieldValueAndChoices() {
    assertThatThrownBy(
            () -> MappingConfig.parse("rules:\n  - {match: up}\n  - {match: x, action: summary}\n"))
        .hasMessage("rules[1].action: \"summary\" must be one of gauge, counter, histogram, drop");
  }

  @Test
  void parse_zeroScale_isRefused() {
    assertThatThrownBy(() -> MappingConfig.parse("rules:\n  - {match: x, scale: 0}\n"))
        .hasMessage("rules[0].scale: 0 must be a finite non-zero number");
  }

  @Test
  void parse_misspeltKey_isRefusedNotIgnored() {
    assertThatThrownBy(() -> MappingConfig.parse("rules:\n  - {match: x, unitt: s}\n"))
        .hasMessage(
            "rules[0].unitt: unknown key; expected one of [action, match, metric, scale, unit]");
  }

  @Test
  void parse_missingRules_isRefused() {
    assertThatThrownBy(() -> MappingConfig.parse("serviceLabels: [app]\n"))
        .hasMessage("rules: null must be a list");
  }

  @Test
  void glob_matchesWholeNameOnly() {
    SeriesRule rule = new SeriesRule("*_cpu_seconds_total", SeriesRule.Action.COUNTER, null, 1, "");

    assertThat(List.of("process_cpu_seconds_total", "node_cpu_seconds_total", "_cpu_seconds_total"))
        .allMatch(name -> rule.pattern().matcher(name).matches());
    assertThat(
            List.of(
                "process_cpu_seconds_total_x", "cpu_seconds_total", "process.cpu.seconds.total"))
        .noneMatch(name -> rule.pattern().matcher(name).matches());
  }

  @Test
  void defaultMetricName_counterLosesTotalAndGainsPerSecond_gaugeKeepsItsName() {
    assertThat(
            new SeriesRule("*", SeriesRule.Action.COUNTER, null, 1, "")
                .metricFor("go_gc_cycles_total"))
        .isEqualTo("go_gc_cycles_per_second");
    assertThat(
            new SeriesRule("*", SeriesRule.Action.COUNTER, null, 1, "")
                .metricFor("x_seconds_count"))
        .isEqualTo("x_seconds_count_per_second");
    assertThat(new SeriesRule("*", SeriesRule.Action.GAUGE, null, 1, "").metricFor("up"))
        .isEqualTo("up");
  }
}
