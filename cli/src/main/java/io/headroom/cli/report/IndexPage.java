package io.headroom.cli.report;

import io.headroom.clickhouse.ServiceHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The overview across services: one row per service with its load (a sparkline of the hourly mean
 * over the report's span, the newest hour and the average), the newest hour's p95 latency and error
 * rate, CPU headroom, the alerts firing and the last scaling decision, each row linking to the
 * service's own page. Built from the same {@link ServiceHistory} the service pages are, so the two
 * agree. Plain HTML and inline SVG: no script needed.
 */
public final class IndexPage {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  static final String SPARK_COLOR = "#1f77b4";
  private static final int SPARK_W = 180;
  private static final int SPARK_H = 34;

  private IndexPage() {}

  /**
   * One service's row.
   *
   * @param file the service page, relative to the index
   * @param headroomPercent 100 minus the p95 of per-minute CPU (capacity_headroom.sql), NaN when
   *     the service reports no CPU
   * @param planProblem why the service's page has no capacity plan, or null
   */
  public record Entry(
      ServiceHistory history, String file, double headroomPercent, String planProblem) {}

  public static String render(List<Entry> entries, Instant generatedAt, String version) {
    StringBuilder rows = new StringBuilder();
    int firing = 0;
    for (Entry e : entries) {
      firing += e.history().activeAlerts().isEmpty() ? 0 : 1;
      rows.append(row(e));
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%d service(s), %d with alerts firing. Generated %s by Headroom. Load in requests per"
                + " second (the sparkline: hourly mean over each page's span); latency and errors of"
                + " the newest full hour; headroom = 100 %% minus the p95 of per-minute CPU.",
            entries.size(),
            firing,
            MINUTE.format(generatedAt));
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="generator" content="Headroom %s">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Headroom report: all services</title>
        <style>
          :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --warn: #9a6700; --crit: #b42318; }
          body { margin: 0; padding: 20px 28px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
          h1 { font-size: 22px; margin: 0 0 2px; } .sub { color: var(--muted); margin: 0 0 14px; }
          table { border-collapse: collapse; width: 100%%; font-size: 13px; }
          th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: right; white-space: nowrap; vertical-align: middle; }
          th { background: var(--panel); } th:first-child, td:first-child { text-align: left; }
          td.text, th.text { text-align: left; white-space: normal; max-width: 360px; } .muted { color: var(--muted); }
          td.spark { padding: 2px 8px; } svg { display: block; }
          .crit { color: var(--crit); font-weight: 600; } .warn { color: var(--warn); font-weight: 600; }
          a { color: #0969da; text-decoration: none; font-weight: 600; } a:hover { text-decoration: underline; }
          footer { margin-top: 18px; color: var(--muted); font-size: 12px; }
        </style></head><body data-rendered="true">
        <header><h1>Headroom report: all services</h1><p class="sub">%s</p></header>
        <table><tr><th>service</th><th>load (hourly mean)</th><th>now req/s</th><th>avg req/s</th>
        <th>p95 latency ms</th><th>errors %%</th><th>CPU headroom</th><th>alerts firing</th>
        <th class="text">last scaling decision</th></tr>
        %s</table>
        <footer>Each service's page has its load with forecast, latency, replicas and scaling commands, capacity plan and profiles.</footer>
        </body></html>
        """
        .formatted(ReportPage.escape(version), ReportPage.escape(summary), rows);
  }

  private static String row(Entry e) {
    ServiceHistory h = e.history();
    List<ServiceHistory.HourlyLoad> load = h.hourlyLoad();
    StringBuilder row = new StringBuilder("<tr><td><a href=\"");
    row.append(ReportPage.escape(e.file()))
        .append("\">")
        .append(ReportPage.escape(h.service()))
        .append("</a></td><td class=\"spark\">")
        .append(sparkline(load))
        .append("</td><td>")
        .append(load.isEmpty() ? "n/a" : PlanView.num(load.get(load.size() - 1).meanLoad()))
        .append("</td><td>")
        .append(h.summary() == null ? "n/a" : PlanView.num(h.summary().avgLoad()))
        .append("</td>");
    ServiceHistory.HourlyLatency latest = null;
    for (ServiceHistory.HourlyLatency l : h.latency()) {
      if (!Double.isNaN(l.p95Ms())) {
        latest = l;
      }
    }
    row.append("<td>")
        .append(latest == null ? "n/a" : String.format(Locale.ROOT, "%.1f", latest.p95Ms()))
        .append("</td><td>")
        .append(
            latest == null || Double.isNaN(latest.errorRatePercent())
                ? "n/a"
                : String.format(Locale.ROOT, "%.2f", latest.errorRatePercent()))
        .append("</td>");
    double headroom = e.headroomPercent();
    row.append("<td")
        .append(
            Double.isNaN(headroom)
                ? " class=\"muted\">n/a"
                : (headroom < 10 ? " class=\"crit\">" : headroom < 25 ? " class=\"warn\">" : ">")
                    + String.format(Locale.ROOT, "%.1f %%", headroom))
        .append("</td>");
    List<ServiceHistory.ActiveAlert> alerts = h.activeAlerts();
    if (alerts.isEmpty()) {
      row.append("<td class=\"muted\">none</td>");
    } else {
      boolean critical = alerts.stream().anyMatch(a -> a.severity().equals("critical"));
      row.append("<td class=\"")
          .append(critical ? "crit" : "warn")
          .append("\" title=\"")
          .append(
              ReportPage.escape(
                  String.join(
                      ", ",
                      alerts.stream()
                          .map(a -> a.rule() + " (" + a.severity() + ")")
                          .distinct()
                          .toList())))
          .append("\">")
          .append(alerts.size())
          .append(critical ? " critical" : " warning")
          .append("</td>");
    }
    List<ServiceHistory.ScalingChange> changes = h.scalingChanges();
    if (changes.isEmpty()) {
      row.append("<td class=\"text muted\">none in the span</td>");
    } else {
      ServiceHistory.ScalingChange last = changes.get(changes.size() - 1);
      row.append("<td class=\"text\">")
          .append(MINUTE.format(last.decidedAt()))
          .append(": ")
          .append(last.fromReplicas())
          .append(" \u2192 ")
          .append(last.toReplicas())
          .append(" <span class=\"muted\">(")
          .append(ReportPage.escape(last.policy()))
          .append(") ")
          .append(ReportPage.escape(last.reason()))
          .append("</span></td>");
    }
    return row.append("</tr>\n").toString();
  }

  /** The hourly mean load as an inline SVG line, scaled to its own range with a margin. */
  static String sparkline(List<ServiceHistory.HourlyLoad> load) {
    if (load.size() < 2) {
      return "<span class=\"muted\">n/a</span>";
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (ServiceHistory.HourlyLoad l : load) {
      lo = Math.min(lo, l.meanLoad());
      hi = Math.max(hi, l.meanLoad());
    }
    double range = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1);
    double base = hi > lo ? lo : lo - range / 2;
    long t0 = load.get(0).hour().toEpochMilli();
    long t1 = load.get(load.size() - 1).hour().toEpochMilli();
    StringBuilder points = new StringBuilder();
    for (ServiceHistory.HourlyLoad l : load) {
      double x = 2 + (SPARK_W - 4) * (double) (l.hour().toEpochMilli() - t0) / (t1 - t0);
      // 3 px margins: a constant load is a line in the middle, never on the edge
      double y = SPARK_H - 3 - (SPARK_H - 6) * (l.meanLoad() - base) / range;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    return String.format(
        Locale.ROOT,
        "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"hourly"
            + " mean load, %s to %s req/s\"><polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\""
            + " points=\"%s\"/></svg>",
        SPARK_W,
        SPARK_H,
        SPARK_W,
        SPARK_H,
        PlanView.num(lo),
        PlanView.num(hi),
        SPARK_COLOR,
        points.toString().strip());
  }
}
