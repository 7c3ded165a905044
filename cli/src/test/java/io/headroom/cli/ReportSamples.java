package io.headroom.cli;

import io.headroom.clickhouse.ServiceHistory;
import io.headroom.core.capacity.CapacityHistory;
import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.CapacityPlanner;
import io.headroom.core.capacity.DailyLoad;
import io.headroom.core.capacity.PlanSettings;
import io.headroom.core.capacity.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Service histories built in memory (no ClickHouse) for the browser tests of the report pages,
 * shaped like the cases issue 17 complained about: a 14-day forecast after 14 days of history, a
 * constant error rate, thousands of shadow-mode decisions, no plan.
 */
final class ReportSamples {
  static final Instant START = Instant.parse("2026-10-05T00:00:00Z"); // a Monday
  private static final Duration HOUR = Duration.ofHours(1);

  private ReportSamples() {}

  /** Requests per second at {@code hour} hours after {@code START}: daily wave and slow growth. */
  static double load(int hour) {
    return (60 + 40 * Math.sin(2 * Math.PI * (hour % 24 - 8) / 24.0)) * (1 + 0.002 * hour);
  }

  /**
   * @param days history length
   * @param errorPercent the constant hourly error rate (percent)
   * @param decisions how many scaling changes over the history (alternating up and down)
   * @param trusted whether the forecast trusts itself; null: no forecast
   */
  static ServiceHistory history(
      String service, int days, double errorPercent, int decisions, Boolean trusted) {
    int hours = days * 24;
    List<ServiceHistory.HourlyLoad> load = new ArrayList<>();
    List<ServiceHistory.HourlyLatency> latency = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      double l = load(h);
      double replicas = Math.ceil(l / 7);
      load.add(
          new ServiceHistory.HourlyLoad(
              START.plus(HOUR.multipliedBy(h)), l, l * 1.3, replicas, replicas + 1));
      double busy = l / 120;
      latency.add(
          new ServiceHistory.HourlyLatency(
              START.plus(HOUR.multipliedBy(h)),
              18 + 6 * busy,
              40 + 25 * busy,
              70 + 50 * busy,
              errorPercent));
    }
    Instant end = START.plus(HOUR.multipliedBy(hours));
    List<ServiceHistory.ScalingChange> changes = new ArrayList<>();
    long every = Duration.ofDays(days).toSeconds() / Math.max(1, decisions);
    for (int i = 0; i < decisions; i++) {
      boolean up = i % 2 == 0;
      changes.add(
          new ServiceHistory.ScalingChange(
              START.plusSeconds(every * i + 30),
              up ? 8 : 9,
              up ? 9 : 8,
              "shadow",
              "cpu " + (up ? 78 : 61) + "% vs target 70%"));
    }
    ServiceHistory.Forecast forecast = null;
    if (trusted != null) {
      List<ServiceHistory.ForecastStep> steps = new ArrayList<>();
      for (int i = 0; i < 14 * 24; i++) {
        double perHour = 3600 * load(hours + i);
        double band = perHour * (0.10 + 0.15 * i / (14 * 24.0));
        steps.add(
            new ServiceHistory.ForecastStep(
                end.plus(HOUR.multipliedBy(i)), perHour, perHour - band, perHour + band));
      }
      forecast = new ServiceHistory.Forecast("requests", "auto", trusted, 0.95, end, 3600, steps);
    }
    List<ServiceHistory.ProfileHour> daily = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      daily.add(new ServiceHistory.ProfileHour(h, load(h), load(h) * 1.3, load(h) / 60));
    }
    List<ServiceHistory.ProfileHour> weekly = new ArrayList<>();
    for (int h = 0; h < 168; h++) {
      weekly.add(
          new ServiceHistory.ProfileHour(
              h, load(h), load(h) * 1.3, load(h) / 60 * (h >= 120 ? 0.8 : 1.05)));
    }
    ServiceHistory.LoadSummary summary =
        new ServiceHistory.LoadSummary(
            hours * 60L,
            START,
            end.minusSeconds(60),
            60,
            98,
            135,
            START.plus(Duration.ofHours(14)),
            2.25,
            14,
            1.66,
            "Friday",
            1.04);
    List<ServiceHistory.ActiveAlert> alerts =
        List.of(
            new ServiceHistory.ActiveAlert(
                "cpu-high",
                "cpu_percent",
                "critical",
                "immediate",
                end.minus(HOUR),
                93,
                90,
                "CPU is the bottleneck. Add replicas (check maxReplicas) or raise the CPU limit."));
    return new ServiceHistory(
        service, summary, load, latency, daily, weekly, forecast, changes, alerts);
  }

  /** A plan from 28 days of the same load, so the plan chart and table have something to show. */
  static CapacityPlan plan(String service) {
    List<DailyLoad> days = new ArrayList<>();
    List<ResourceSample> samples = new ArrayList<>();
    for (int d = 0; d < 28; d++) {
      double sum = 0;
      double peak = 0;
      for (int h = 0; h < 24; h++) {
        int hour = d * 24 + h;
        double l = load(hour);
        sum += l;
        peak = Math.max(peak, l);
        double replicas = Math.ceil(l / 7);
        samples.add(
            new ResourceSample(
                START.plus(HOUR.multipliedBy(hour)), l, replicas, 100 * l / (replicas * 10), 40));
      }
      days.add(
          new DailyLoad(
              LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(d),
              1440,
              sum / 24,
              peak * 0.95,
              peak));
    }
    return CapacityPlanner.plan(
        new CapacityHistory(service, days, samples), PlanSettings.defaults());
  }
}
