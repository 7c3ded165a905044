package io.headroom.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.capacity.CapacityHistory;
import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.CapacityPlanner;
import io.headroom.core.capacity.DailyLoad;
import io.headroom.core.capacity.PlanSettings;
import io.headroom.core.capacity.Scenario;
import io.headroom.schemas.Alert;
import io.headroom.schemas.ForecastHorizonPoint;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.MetricKind;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workload queries and the history reader on a real ClickHouse, over a synthetic history whose
 * answers are known: two weeks of per-minute load for 'shop' from Monday 2026-10-05 00:00 UTC, load
 * = 10 × (1 + 1 % per day) × weekday factor (Wednesday 1.5, Sunday 0.5, else 1) × hour factor
 * (14:00 ×3, 03:00 ×0.5, else 1) + 0.01 × minute of the hour. Expected numbers are computed here
 * from that formula with ClickHouse's own definitions (quantileExact(q) = the element at ⌊q·n⌋ of
 * the sorted values).
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadQueriesIT {
  private static final String DB = "it_workload";
  private static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z"); // a Monday
  private static final int DAYS = 14;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private ClickHouseSettings settings;
  private final double[] loads = new double[DAYS * 1440];

  @BeforeAll
  void loadSyntheticHistory(StackEndpoints stack) throws SQLException {
    settings = ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(DB);
    List<PercentileWindow> windows = new ArrayList<>();
    for (int i = 0; i < loads.length; i++) {
      Instant start = T0.plus(MINUTE.multipliedBy(i));
      loads[i] = load(i);
      int replicas = (int) Math.ceil(loads[i] / 7);
      double utilization = loads[i] / (replicas * 10.0);
      windows.add(
          window("shop", "requests", MetricKind.COUNTER, start, MINUTE, loads[i], loads[i] * 60));
      windows.add(window("shop", "replicas", MetricKind.GAUGE, start, MINUTE, replicas, replicas));
      windows.add(
          window(
              "shop",
              "cpu_percent",
              MetricKind.GAUGE,
              start,
              MINUTE,
              100 * utilization,
              100 * utilization));
      windows.add(
          window(
              "shop",
              "memory_percent",
              MetricKind.GAUGE,
              start,
              MINUTE,
              30 + 40 * utilization,
              30 + 40 * utilization));
    }
    // Two days of 'search' and hourly latency / error windows for the last two days of 'shop'.
    for (int i = 0; i < 2 * 1440; i++) {
      windows.add(
          window(
              "search",
              "requests",
              MetricKind.COUNTER,
              T0.plus(MINUTE.multipliedBy(i)),
              MINUTE,
              5,
              300));
    }
    Duration hour = Duration.ofHours(1);
    for (int h = (DAYS - 2) * 24; h < DAYS * 24; h++) {
      Instant start = T0.plus(hour.multipliedBy(h));
      int hourOfDay = h % 24;
      windows.add(
          PercentileWindow.newBuilder(
                  window("shop", "latency_ms", MetricKind.LATENCY_SAMPLE, start, hour, 30, 1))
              .setCount(1000)
              .setP50(20 + hourOfDay)
              .setP95(50 + hourOfDay)
              .setP99(80 + hourOfDay)
              .build());
      double errorRate = hourOfDay == 14 ? 0.01 : 0.001;
      windows.add(
          window("shop", "error_rate", MetricKind.GAUGE, start, hour, errorRate, errorRate));
    }
    Instant end = T0.plus(Duration.ofDays(DAYS));
    try (Connection connection = ClickHouseConnections.open(settings)) {
      Migrations.apply(connection, settings);
      insert(connection, Rows.PERCENTILE_WINDOWS, windows);
      insert(
          connection,
          Rows.SCALING_COMMANDS,
          List.of(
              command(end.minusSeconds(7200), 3, 3, "within tolerance"),
              command(end.minusSeconds(3600), 3, 5, "cpu 92% > 70% target"),
              command(end.minusSeconds(600), 5, 4, "scale-down stabilized")));
      insert(
          connection,
          Rows.LOAD_FORECASTS,
          List.of(
              forecast(
                  end.minus(Duration.ofHours(2)),
                  3600,
                  24,
                  1), // older long-range forecast: superseded
              forecast(end, 3600, 24 * 14, 2), // newest long-range forecast: the one shown
              forecast(end, 60, 120, 3))); // newest short-range forecast
      insert(
          connection,
          Rows.ALERTS,
          List.of(
              alert("cpu-high", "warning", "firing", end.minusSeconds(900)),
              alert("cpu-high", "critical", "firing", end.minusSeconds(300)),
              alert("memory-high", "warning", "firing", end.minusSeconds(1800)),
              alert("memory-high", "warning", "resolved", end.minusSeconds(1200))));
    }
  }

  @Test
  void loadSummary_givesAverageP95PeakAndPeakToAverage() throws SQLException {
    double[] sorted = loads.clone();
    Arrays.sort(sorted);
    double avg = Arrays.stream(loads).average().orElseThrow();
    Map<String, Object> shop = row("workload_load_summary", "shop");

    assertThat(number(shop, "minutes")).isEqualTo(DAYS * 1440);
    assertThat(number(shop, "avg_load")).isCloseTo(avg, within(0.0005));
    assertThat(number(shop, "p95_load"))
        .isCloseTo(sorted[(int) (0.95 * sorted.length)], within(0.0005));
    // Busiest minute: Wednesday of week 2 (day 9), 14:59: 10 × 1.09 × 1.5 × 3 + 0.59
    assertThat(number(shop, "peak_load")).isCloseTo(10 * 1.09 * 1.5 * 3 + 0.59, within(0.0005));
    assertThat(number(shop, "peak_to_average"))
        .isCloseTo(sorted[sorted.length - 1] / avg, within(0.0005));
  }

  @Test
  void peakHourAndDay_are14UtcAndWednesday_withTheirIndexes() throws SQLException {
    double[] hourMeans = new double[24];
    double[] dayMeans = new double[7];
    for (int i = 0; i < loads.length; i++) {
      hourMeans[(i / 60) % 24] += loads[i] / (DAYS * 60);
      dayMeans[(i / 1440) % 7] += loads[i] / (2 * 1440);
    }
    Map<String, Object> hour = row("workload_peak_hour", "shop");
    assertThat(number(hour, "peak_hour_utc")).isEqualTo(14);
    assertThat(number(hour, "quietest_hour_utc")).isEqualTo(3);
    assertThat(number(hour, "peak_hour_avg_load")).isCloseTo(hourMeans[14], within(0.0005));
    assertThat(number(hour, "peak_hour_index"))
        .isCloseTo(
            hourMeans[14] / Arrays.stream(hourMeans).average().orElseThrow(), within(0.0005));

    Map<String, Object> day = row("workload_peak_day", "shop");
    assertThat(day.get("peak_day")).isEqualTo("Wednesday");
    assertThat(number(day, "peak_day_of_week")).isEqualTo(3);
    assertThat(day.get("quietest_day")).isEqualTo("Sunday");
    assertThat(number(day, "peak_day_index"))
        .isCloseTo(dayMeans[2] / Arrays.stream(dayMeans).average().orElseThrow(), within(0.0005));
  }

  @Test
  void hourlyAndWeeklyProfiles_haveOneRowPerSlot_withSeasonalIndexesAveragingOne()
      throws SQLException {
    List<Map<String, Object>> hourly = rows("workload_hourly_profile", "shop");
    assertThat(hourly).hasSize(24);
    assertThat(
            hourly.stream().mapToDouble(r -> number(r, "seasonal_index")).average().orElseThrow())
        .isCloseTo(1, within(0.001));
    Map<String, Object> h14 = hourly.get(14);
    assertThat(number(h14, "hour_utc")).isEqualTo(14);
    assertThat(number(h14, "days")).isEqualTo(DAYS);
    // Hour 14's peak: day 9 (a Wednesday), 14:59
    assertThat(number(h14, "peak_load")).isCloseTo(10 * 1.09 * 1.5 * 3 + 0.59, within(0.0005));
    assertThat(number(h14, "seasonal_index")).isGreaterThan(2.5);

    List<Map<String, Object>> weekly = rows("workload_weekly_profile", "shop");
    assertThat(weekly).hasSize(168);
    Map<String, Object> wednesday14 = weekly.get(2 * 24 + 14);
    assertThat(number(wednesday14, "hour_of_week")).isEqualTo(62);
    assertThat(number(wednesday14, "weeks")).isEqualTo(2);
    // Mean of day 2 and day 9 at 14:xx: 10 × 1.5 × 3 × (1.02 + 1.09) / 2 + mean(0.00..0.59)
    assertThat(number(wednesday14, "avg_load")).isCloseTo(45 * 2.11 / 2 + 0.295, within(0.0005));
    assertThat(weekly.stream().mapToDouble(r -> number(r, "avg_load")).max().orElseThrow())
        .isEqualTo(number(wednesday14, "avg_load"));
  }

  @Test
  void errorRateAndLatencyPerHour_comeFromTheHourlyWindows() throws SQLException {
    List<Map<String, Object>> hours = rows("workload_errors_latency_hourly", "shop");
    assertThat(hours).hasSize(48);
    Map<String, Object> lastAfternoon = hours.get(24 + 14);
    assertThat(number(lastAfternoon, "latency_samples")).isEqualTo(1000);
    assertThat(number(lastAfternoon, "latency_p50_ms")).isEqualTo(34);
    assertThat(number(lastAfternoon, "latency_p95_ms")).isEqualTo(64);
    assertThat(number(lastAfternoon, "latency_p99_ms")).isEqualTo(94);
    assertThat(number(lastAfternoon, "error_rate_pct")).isEqualTo(1.0);
    assertThat(number(hours.get(0), "error_rate_pct")).isEqualTo(0.1);
  }

  @Test
  void dailyLoad_andResourceSamples_feedACapacityPlan_thatMeasures7ReqPerSecondPerReplica()
      throws SQLException {
    try (Connection connection = ClickHouseConnections.open(settings)) {
      CapacityHistory history = new HistoryReader(connection, DB).capacityHistory("shop");

      assertThat(history.days()).hasSize(DAYS);
      DailyLoad wednesday = history.days().get(2);
      assertThat(wednesday.day()).isEqualTo(LocalDate.parse("2026-10-07"));
      assertThat(wednesday.minutes()).isEqualTo(1440);
      double[] day2 = Arrays.copyOfRange(loads, 2 * 1440, 3 * 1440);
      Arrays.sort(day2);
      assertThat(wednesday.mean())
          .isCloseTo(Arrays.stream(day2).average().orElseThrow(), within(1e-9));
      assertThat(wednesday.p95()).isCloseTo(day2[(int) (0.95 * 1440)], within(1e-9));
      assertThat(wednesday.peak()).isCloseTo(day2[1439], within(1e-9));
      assertThat(history.samples()).hasSize(DAYS * 1440);

      // CPU % = 10 × per-replica load exactly, so 70 % CPU is 7 req/s per replica.
      CapacityPlan plan = CapacityPlanner.plan(history, PlanSettings.defaults());
      assertThat(plan.capacity().loadPerReplica()).isCloseTo(7, within(1e-9));
      assertThat(plan.capacity().fit().rSquared()).isCloseTo(1, within(1e-9));
      assertThat(plan.usableDays()).isEqualTo(DAYS);
      assertThat(plan.scenario(Scenario.BASELINE).load().slopePerMonth()).isPositive();
      double baseline = plan.scenario(Scenario.BASELINE).load().projected();
      assertThat(plan.scenario(Scenario.BASELINE).replicas())
          .isEqualTo((int) Math.ceil(baseline * 1.25 / 7));
    }
  }

  @Test
  void serviceHistory_readsTheNewestLongRangeForecast_theScalingChanges_andOnlyFiringAlerts()
      throws SQLException {
    Instant end = T0.plus(Duration.ofDays(DAYS));
    try (Connection connection = ClickHouseConnections.open(settings)) {
      ServiceHistory history =
          new HistoryReader(connection, DB).serviceHistory("shop", "requests", Duration.ofDays(7));

      assertThat(history.summary().peakHourUtc()).isEqualTo(14);
      assertThat(history.summary().peakDay()).isEqualTo("Wednesday");
      assertThat(history.hourlyLoad()).hasSize(7 * 24 + 1);
      assertThat(history.hourlyLoad().get(history.hourlyLoad().size() - 1).hour())
          .isEqualTo(end.minus(Duration.ofHours(1)));
      assertThat(history.hourlyLoad().get(0).maxReplicas())
          .isGreaterThanOrEqualTo(history.hourlyLoad().get(0).meanReplicas());
      assertThat(history.latency()).hasSize(48);
      assertThat(history.hourlyProfile()).hasSize(24);
      assertThat(history.weeklyProfile()).hasSize(168);

      assertThat(history.forecast().stepSeconds()).isEqualTo(3600);
      assertThat(history.forecast().fittedAt()).isEqualTo(end);
      assertThat(history.forecast().steps()).hasSize(24 * 14);
      assertThat(history.forecast().steps().get(0).value()).isEqualTo(2);

      assertThat(history.scalingChanges())
          .extracting(ServiceHistory.ScalingChange::toReplicas)
          .containsExactly(5, 4);
      assertThat(history.activeAlerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("cpu-high");
                assertThat(a.severity()).isEqualTo("critical");
                assertThat(a.since()).isEqualTo(end.minusSeconds(300));
              });
    }
  }

  @Test
  void unknownService_emptyDatabase_missingTables_andTooLittleHistory_sayWhatIsMissing()
      throws SQLException {
    try (Connection connection = ClickHouseConnections.open(settings)) {
      HistoryReader reader = new HistoryReader(connection, DB);
      assertThatThrownBy(() -> reader.capacityHistory("checkout"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "unknown service 'checkout': no windows for it in it_workload.percentile_windows"
                  + " (services with history: search, shop)");
      CapacityHistory search = reader.capacityHistory("search");
      assertThatThrownBy(
              () ->
                  CapacityPlanner.plan(search, PlanSettings.defaults().withCapacityPerReplica(10)))
          .hasMessageStartingWith(
              "service 'search': too little history for a trend projection: 2 usable days"
                  + " (2026-10-05 .. 2026-10-06); the linear trend needs at least 14 days (two weeks)");

      ClickHouseSettings empty = settings.withDatabase("it_workload_empty");
      Migrations.apply(connection, empty);
      assertThatThrownBy(
              () -> new HistoryReader(connection, "it_workload_empty").capacityHistory("shop"))
          .hasMessageStartingWith(
              "no history in it_workload_empty.percentile_windows: the table is empty;");
      assertThatThrownBy(
              () -> new HistoryReader(connection, "it_nothing_here").capacityHistory("shop"))
          .hasMessageStartingWith(
              "no Headroom history in database 'it_nothing_here': its tables are missing;");
    }
  }

  private static double load(int minuteIndex) {
    int day = minuteIndex / 1440;
    int hourOfDay = (minuteIndex / 60) % 24;
    DayOfWeek weekday =
        ZonedDateTime.ofInstant(T0.plus(Duration.ofDays(day)), ZoneOffset.UTC).getDayOfWeek();
    double dayFactor = weekday == DayOfWeek.WEDNESDAY ? 1.5 : weekday == DayOfWeek.SUNDAY ? 0.5 : 1;
    double hourFactor = hourOfDay == 14 ? 3 : hourOfDay == 3 ? 0.5 : 1;
    // Rounded to 1e-6 so the sums ClickHouse and Java make agree far below the 3-decimal rounding.
    return Math.round(
            (10 * (1 + 0.01 * day) * dayFactor * hourFactor + 0.01 * (minuteIndex % 60)) * 1e6)
        / 1e6;
  }

  private List<Map<String, Object>> rows(String query, String service) throws SQLException {
    try (Connection connection = ClickHouseConnections.open(settings)) {
      return QueryCatalogue.run(connection, QueryCatalogue.sql(query, DB)).stream()
          .filter(r -> service.equals(r.get("service")))
          .toList();
    }
  }

  private Map<String, Object> row(String query, String service) throws SQLException {
    List<Map<String, Object>> rows = rows(query, service);
    assertThat(rows).as(query).hasSize(1);
    return rows.get(0);
  }

  private static double number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
  }

  private static PercentileWindow window(
      String service,
      String metric,
      MetricKind kind,
      Instant start,
      Duration length,
      double value,
      double sum) {
    double rate = kind == MetricKind.COUNTER ? sum / length.toSeconds() : 1.0 / length.toSeconds();
    return PercentileWindow.newBuilder()
        .setService(service)
        .setMetric(metric)
        .setKind(kind)
        .setWindowStart(start)
        .setWindowEnd(start.plus(length))
        .setCount(1)
        .setSum(sum)
        .setRate(rate)
        .setMin(value)
        .setMax(value)
        .setMean(value)
        .setP50(value)
        .setP90(value)
        .setP95(value)
        .setP99(value)
        .setRelativeAccuracy(0.01)
        .setSketch(ByteBuffer.allocate(0))
        .build();
  }

  private static ScalingCommand command(Instant at, int from, int to, String reason) {
    return ScalingCommand.newBuilder()
        .setCommandId("shop|" + at.toEpochMilli())
        .setTarget("shop")
        .setDecidedAt(at)
        .setFromReplicas(from)
        .setToReplicas(to)
        .setPolicy("hpa")
        .setLimit("none")
        .setDrivingMetric("cpu_percent")
        .setMetricValue(92)
        .setMetricTarget(70)
        .setReason(reason)
        .build();
  }

  private static LoadForecast forecast(Instant fittedAt, int stepSeconds, int steps, double value) {
    List<ForecastHorizonPoint> points = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      points.add(
          ForecastHorizonPoint.newBuilder()
              .setTimestamp(fittedAt.plusSeconds((long) stepSeconds * i))
              .setValue(value)
              .setLower(value - 1)
              .setUpper(value + 1)
              .build());
    }
    return LoadForecast.newBuilder()
        .setForecastId("shop|" + fittedAt.toEpochMilli() + "|" + stepSeconds)
        .setService("shop")
        .setMetric("requests")
        .setModel("growth")
        .setFittedAt(fittedAt)
        .setStepSeconds(stepSeconds)
        .setPoints(points)
        .build();
  }

  private static Alert alert(String rule, String severity, String state, Instant at) {
    return Alert.newBuilder()
        .setAlertId(rule + "|" + at.toEpochMilli())
        .setRule(rule)
        .setService("shop")
        .setMetric("cpu_percent")
        .setSeverity(severity)
        .setState(state)
        .setValue(95)
        .setThreshold(90)
        .setPriority("immediate")
        .setRecommendation("add replicas")
        .setChangedAt(at)
        .build();
  }

  private <T extends SpecificRecord> void insert(
      Connection connection, TableRows<T> rows, List<T> records) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(rows.insertSql(DB))) {
      int pending = 0;
      for (T record : records) {
        rows.addRows(
            record,
            values -> {
              for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
              }
              insert.addBatch();
            });
        if (++pending == 20_000) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }
}
