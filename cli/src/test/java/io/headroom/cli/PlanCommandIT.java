package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./headroom plan} over a known synthetic history in a real ClickHouse: table, JSON and bad
 * input.
 */
@ExtendWith(LocalStackExtension.class)
class PlanCommandIT {
  private String url;

  @BeforeEach
  void load(StackEndpoints stack) throws Exception {
    url = stack.clickhouseJdbcUrl();
    ClickHouseSettings settings =
        ClickHouseSettings.local(url).withDatabase(ReportFixtures.DATABASE);
    ReportFixtures.ensureLoaded(settings, "checkout", 15, true);
    ReportFixtures.ensureLoaded(settings, "fresh", 3, false);
  }

  @Test
  void json_measures7ReqPerSecondPerReplica_andSizesEachScenarioFromItsProjectedLoad()
      throws Exception {
    ReportFixtures.CliRun run =
        plan(
            "--service",
            "checkout",
            "--json",
            "--price-per-replica-hour",
            "0.05",
            "--budget",
            "600");
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();

    JsonNode plan = new ObjectMapper().readTree(run.out());
    // The simulated pods run at 100 % CPU with 600 requests/min = 10 req/s each: 7 req/s at 70 %.
    assertThat(plan.at("/capacity/loadPerReplica").asDouble()).isCloseTo(7, within(0.2));
    assertThat(plan.at("/capacity/measured").asBoolean()).isTrue();
    assertThat(plan.at("/capacity/fit/rSquared").asDouble()).isGreaterThan(0.9);
    assertThat(plan.at("/history/usableDays").asInt()).isEqualTo(15);
    assertThat(plan.at("/resources/cpuCores/rSquared").asDouble()).isGreaterThan(0.9);
    JsonNode scenarios = plan.get("scenarios");
    assertThat(scenarios)
        .extracting(s -> s.get("name").asText())
        .containsExactly("baseline", "p95", "peak", "peak+20%");
    double perReplica = plan.at("/capacity/loadPerReplica").asDouble();
    double previous = 0;
    for (JsonNode s : scenarios) {
      double load = s.get("projectedLoad").asDouble();
      assertThat(load)
          .isGreaterThan(previous)
          .isBetween(s.get("lowerLoad").asDouble(), s.get("upperLoad").asDouble());
      previous = load;
      int replicas = s.get("replicas").asInt();
      assertThat(replicas).isEqualTo((int) Math.ceil(load * 1.25 / perReplica - 1e-9));
      assertThat(s.get("monthlyCost").asDouble()).isCloseTo(replicas * 0.05 * 730, within(1e-6));
      assertThat(s.get("fits").asBoolean()).isEqualTo(replicas * 0.05 * 730 <= 600);
    }
    // Traffic grows 1 % a day: the trend must see growth, at about 30 % a month of the starting
    // level.
    assertThat(scenarios.get(0).get("slopePerMonth").asDouble()).isPositive();
    assertThat(plan.at("/scenarios/3/projectedLoad").asDouble())
        .isCloseTo(1.2 * plan.at("/scenarios/2/projectedLoad").asDouble(), within(1e-6));
    // Sizing reads the same per-minute windows as the resource lines; memory one peak a day.
    JsonNode sizing = plan.get("sizing");
    assertThat(sizing.at("/cpu/windows").asInt())
        .isEqualTo(plan.at("/resources/cpuCores/n").asInt());
    assertThat(sizing.at("/memory/samples").asInt()).isBetween(15, 16);
    for (String resource : new String[] {"cpu", "memory"}) {
      JsonNode r = sizing.get(resource);
      assertThat(r.get("unavailable").isNull()).isTrue();
      assertThat(r.get("request").asDouble())
          .isBetween(r.get("lowerBound").asDouble(), r.get("upperBound").asDouble());
      // --cpu-per-replica and --memory-per-replica are request and limit alike: ratio 1.
      assertThat(r.get("limit").asDouble()).isEqualTo(r.get("request").asDouble());
    }
    // The simulated replicas are added to stay at or below 70 % of 1 core, and the busiest tenth
    // of the minutes run close to it: p90 + 15 % lies just under 0.7 × 1.15 cores.
    assertThat(sizing.at("/cpu/request").asDouble()).isBetween(0.6 * 1.15, 0.7 * 1.15);
  }

  @Test
  void givenRateAndCapacity_table_showsTheCompoundedLoad_andTheMemoryVerdict() {
    ReportFixtures.CliRun run =
        plan(
            "--service",
            "checkout",
            "--growth",
            "10%",
            "--capacity-per-replica",
            "10",
            "--memory-per-replica",
            "2GiB",
            "--memory-limit",
            "16GiB");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("Capacity plan for checkout, 3 months ahead: 2026-10-19 -> 2027-01-18")
        .contains(
            "History: 15 usable days, 2026-10-05 .. 2026-10-19. Load in requests/s; growth 10%.")
        .contains("capacity: 7.000 req/s per replica at 70 % CPU, given")
        .contains("growth: 10% a month compounded from the last 7 usable days")
        .containsPattern(
            "(?m)^scenario +load now +at horizon +95% interval +replicas +range +cpu cores +memory GiB +fits$")
        .containsPattern("(?m)^Within memory limit 16.0 GiB: (fits up to|no scenario fits)")
        .containsPattern(
            "(?m)^cpu +1000m / 1000m +[0-9]+m +[0-9]+m \\.\\. [0-9]+m +[0-9]+m +[0-9]+ +every window$")
        .containsPattern(
            "(?m)^memory +2048Mi / 2048Mi +[0-9]+Mi +[0-9]+Mi \\.\\. [0-9]+Mi +[0-9]+Mi +[0-9]+ +1[56] daily peaks$");
    for (String scenario : new String[] {"baseline", "p95", "peak", "peak\\+20%"}) {
      assertThat(run.out())
          .containsPattern(
              "(?m)^"
                  + scenario
                  + " +[0-9.]+ +[0-9.]+ +[0-9.]+ \\.\\. [0-9.]+ +[0-9]+ +[0-9]+\\.\\.[0-9]+ ");
    }
  }

  @Test
  void tooLittleHistory_forATrend_exits2_sayingHowMuchIsNeeded_butAGivenRateWorks() {
    ReportFixtures.CliRun trend = plan("--service", "fresh");
    assertThat(trend.exit()).isEqualTo(2);
    assertThat(trend.err())
        .isEqualTo(
            "headroom: service 'fresh': too little history for a trend projection: 3 usable days"
                + " (2026-10-05 .. 2026-10-07); the linear trend needs at least 14 days (two weeks) with 12 h of per-minute load"
                + " windows each (11 more), or give a monthly growth rate such as 10% instead of auto"
                + System.lineSeparator());

    ReportFixtures.CliRun rate = plan("--service", "fresh", "--growth", "5%");
    assertThat(rate.exit()).isZero();
    assertThat(rate.out()).contains("History: 3 usable days");
  }

  @Test
  void unknownServiceAndEmptyDatabase_exit2_withOneLine() {
    ReportFixtures.CliRun unknown = plan("--service", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .startsWith("headroom: unknown service 'nope': no windows for it in")
        .hasLineCount(1);

    ReportFixtures.CliRun noTables =
        ReportFixtures.runCli(
            "plan", "--service", "checkout", "--clickhouse", url, "--database", "it_cli_nothing");
    assertThat(noTables.exit()).isEqualTo(2);
    assertThat(noTables.err())
        .isEqualTo(
            "headroom: no Headroom history in database 'it_cli_nothing': its tables are missing;"
                + " start the loader (./headroom up, ./headroom demo) or give the right --database"
                + System.lineSeparator());
  }

  private ReportFixtures.CliRun plan(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "plan";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--clickhouse";
    all[args.length + 2] = url;
    all[args.length + 3] = "--database";
    all[args.length + 4] = ReportFixtures.DATABASE;
    return ReportFixtures.runCli(all);
  }
}
