package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.AlertRules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsCommandTest {

  @Test
  void printDefaultRules_printsAFileThatParsesToTheDefaults() {
    ReportFixtures.CliRun run = ReportFixtures.runCli("alerts", "--print-default-rules");
    assertThat(run.exit()).isZero();
    assertThat(AlertRules.parse(run.out())).isEqualTo(AlertRules.defaults());
  }

  @Test
  void check_listsTheRulesInOneLineEach() {
    ReportFixtures.CliRun run = ReportFixtures.runCli("alerts", "--check");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("built-in rules: 7 rules over 1m windows")
        .contains(
            "cpu-high                     mean(cpu_percent) > 70 for 5m: warning (urgent); > 90: critical (immediate);"
                + " clears below 60 for 5m")
        .contains(
            "queue-depth-per-pod          mean(queue_depth) per replica > 100 for 1m: warning (urgent)")
        .contains(
            "processing-time-regression   p50(latency_ms) > 2x normal for 5m: warning (planned); clears below 1.5x normal for 10m");
  }

  @Test
  void aBadRulesFile_exits2_namingTheFileAndTheField(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n  - name: cpu\n    metric: cpu_percent\n    warning: {above: 70}\n    clear: {below: 80}\n"
            + "    recommendation: scale out\n");
    ReportFixtures.CliRun run =
        ReportFixtures.runCli("alerts", "--check", "--rules", rules.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "headroom: "
                + rules
                + ": rules[0].clear.below: 80.0 must be <= warning.above 70.0"
                + " (a rule that clears above its threshold would flap)"
                + System.lineSeparator());
  }

  @Test
  void runningWithoutABrokerOrALocalStack_exits2_sayingHowToGetOne(@TempDir Path dir) {
    ReportFixtures.CliRun run = ReportFixtures.runCli("alerts", "--stack-dir", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "headroom: no local stack in "
                + dir
                + ": start one with './headroom up' or pass"
                + " --bootstrap and --clickhouse"
                + System.lineSeparator());
  }
}
