package io.headroom.cli.report;

import io.headroom.clickhouse.ServiceHistory;
import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.ScenarioPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: text and tables rendered here (escaped), charts drawn
 * in the browser by the bundled Chart.js from JSON embedded in the page. Nothing is fetched at view
 * time, so the file can be mailed or opened offline. Missing parts (no forecast yet, no hourly
 * latency, a plan the history cannot support) are said in the page where they would be.
 */
public final class ReportPage {
  static final String CHART_JS_VERSION = "4.6.1";

  /** More scaling commands than this and the chart counts them per hour (report.js MAX_MARKERS). */
  static final int DENSE_DECISIONS = 150;

  private static final Pattern MARKER = Pattern.compile("\\{\\{([A-Z_]+)}}");
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private ReportPage() {}

  /**
   * @param plan the capacity plan, or null when it could not be made
   * @param planProblem why there is no plan (shown in its place), or null
   * @param generatedAt when the page was made (shown only)
   */
  public static String render(
      ServiceHistory history,
      CapacityPlan plan,
      String planProblem,
      Instant generatedAt,
      String version) {
    Map<String, String> values =
        Map.of(
            "VERSION", escape(version),
            "TITLE", escape("Headroom report: " + history.service()),
            "BODY", body(history, plan, planProblem, generatedAt),
            "DATA", Json.write(data(history, plan, planProblem), false),
            "CHART_VERSION", CHART_JS_VERSION,
            // An HTML comment may not hold "--".
            "CHART_LICENSE", resource("chart.js.LICENSE.md").replace("--", "- -"),
            "CHART_JS", resource("chart.umd.min.js"),
            // audit.js does nothing unless the page is opened with ?audit (the browser tests).
            "REPORT_JS", resource("report.js") + "\n" + resource("audit.js"));
    Matcher matcher = MARKER.matcher(resource("report.html"));
    StringBuilder page = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(page, Matcher.quoteReplacement(values.get(matcher.group(1))));
    }
    matcher.appendTail(page);
    return page.toString();
  }

  static Map<String, Object> data(ServiceHistory history, CapacityPlan plan, String planProblem) {
    List<Object> load = new ArrayList<>();
    List<Object> replicas = new ArrayList<>();
    for (ServiceHistory.HourlyLoad h : history.hourlyLoad()) {
      load.add(
          Json.object("t", h.hour().toEpochMilli(), "mean", h.meanLoad(), "peak", h.peakLoad()));
      if (!Double.isNaN(h.meanReplicas())) {
        replicas.add(
            Json.object(
                "t", h.hour().toEpochMilli(), "mean", h.meanReplicas(), "max", h.maxReplicas()));
      }
    }
    List<Object> latency = new ArrayList<>();
    for (ServiceHistory.HourlyLatency h : history.latency()) {
      latency.add(
          Json.object(
              "t",
              h.hour().toEpochMilli(),
              "p50",
              h.p50Ms(),
              "p95",
              h.p95Ms(),
              "p99",
              h.p99Ms(),
              "errorPercent",
              h.errorRatePercent()));
    }
    List<Object> scaling = new ArrayList<>();
    for (ServiceHistory.ScalingChange c : history.scalingChanges()) {
      scaling.add(
          Json.object(
              "t",
              c.decidedAt().toEpochMilli(),
              "from",
              c.fromReplicas(),
              "to",
              c.toReplicas(),
              "reason",
              c.reason()));
    }
    Object forecast = null;
    if (history.forecast() != null) {
      ServiceHistory.Forecast f = history.forecast();
      List<Object> points = new ArrayList<>();
      for (ServiceHistory.ForecastStep s : f.steps()) {
        // The forecast job forecasts requests per step (the window sum); the charts show requests
        // per second.
        points.add(
            Json.object(
                "t",
                s.time().toEpochMilli(),
                "value",
                s.value() / f.stepSeconds(),
                "lower",
                s.lower() / f.stepSeconds(),
                "upper",
                s.upper() / f.stepSeconds()));
      }
      forecast =
          Json.object(
              "model",
              f.model(),
              "trusted",
              f.trusted(),
              "level",
              f.intervalLevel(),
              "fittedAt",
              f.fittedAt().toEpochMilli(),
              "stepSeconds",
              f.stepSeconds(),
              "points",
              points);
    }
    return Json.object(
        "service", history.service(),
        "load", load,
        "forecast", forecast,
        "latency", latency,
        "replicas", replicas,
        "scaling", scaling,
        "profile", profile(history.hourlyProfile()),
        "weekly", profile(history.weeklyProfile()),
        "plan", plan == null ? null : PlanView.toMap(plan),
        "planProblem", planProblem);
  }

  private static List<Object> profile(List<ServiceHistory.ProfileHour> hours) {
    List<Object> out = new ArrayList<>();
    for (ServiceHistory.ProfileHour h : hours) {
      out.add(
          Json.object(
              "slot",
              h.slot(),
              "avg",
              h.avgLoad(),
              "peak",
              h.peakLoad(),
              "index",
              h.seasonalIndex()));
    }
    return out;
  }

  private static String body(
      ServiceHistory history, CapacityPlan plan, String planProblem, Instant generatedAt) {
    StringBuilder html = new StringBuilder();
    ServiceHistory.LoadSummary s = history.summary();
    html.append("<header><h1>")
        .append(escape(history.service()))
        .append(": capacity and bottleneck report</h1>\n");
    html.append("<p class=\"sub\">");
    if (s != null) {
      html.append("History ")
          .append(MINUTE.format(s.firstMinute()))
          .append(" to ")
          .append(MINUTE.format(s.lastMinute()))
          .append(" (")
          .append(String.format(Locale.ROOT, "%,d", s.minutes()))
          .append(" minutes of load). ");
    }
    html.append("Generated ")
        .append(MINUTE.format(generatedAt))
        .append(" by Headroom.</p></header>\n");

    html.append("<section class=\"cards\">\n");
    if (s != null) {
      card(html, "average load", PlanView.num(s.avgLoad()) + " req/s");
      card(html, "p95 load", PlanView.num(s.p95Load()) + " req/s");
      card(html, "peak load", PlanView.num(s.peakLoad()) + " req/s");
      card(html, "peak / average", String.format(Locale.ROOT, "%.2f\u00d7", s.peakToAverage()));
      card(
          html,
          "peak hour (UTC)",
          String.format(Locale.ROOT, "%02d:00, %.2f\u00d7", s.peakHourUtc(), s.peakHourIndex()));
      card(
          html,
          "peak day",
          String.format(Locale.ROOT, "%s, %.2f\u00d7", s.peakDay(), s.peakDayIndex()));
    } else {
      card(html, "load", "no requests windows");
    }
    card(html, "alerts firing", Integer.toString(history.activeAlerts().size()));
    html.append("</section>\n<div class=\"grid\">\n");

    String forecastNote;
    String loadTitle = "Load, forecast and interval";
    if (history.forecast() == null) {
      forecastNote =
          "No forecasts in load_forecasts for this service yet: run the forecast job and the newest"
              + " long-range forecast is drawn here with its interval.";
    } else {
      ServiceHistory.Forecast f = history.forecast();
      if (!f.trusted()) {
        loadTitle = "Load, untrusted forecast and interval";
      }
      forecastNote =
          String.format(
              Locale.ROOT,
              "History in full colour; the forecast by the %s model (fitted %s, %d steps of %d s, %.0f %%"
                  + " interval) dashed and lighter, at most a quarter of the chart%s.",
              f.model(),
              MINUTE.format(f.fittedAt()),
              f.steps().size(),
              f.stepSeconds(),
              100 * f.intervalLevel(),
              f.trusted()
                  ? ""
                  : "; grey: the model does not trust itself yet (too little history), read it as a"
                      + " rough guess");
    }
    panel(html, loadTitle, "load-chart", forecastNote);
    panel(
        html,
        "Latency p50 / p95 / p99 and error rate per hour",
        "latency-chart",
        "From the one-hour windows: percentiles of merged sketches, within 1 % of exact. The error"
            + " rate has its own axis on the right.");
    int changes = history.scalingChanges().size();
    panel(
        html,
        "Replicas over time and scaling commands",
        "replicas-chart",
        changes
            + " scaling command(s) changed the replica count in this period"
            + (changes > DENSE_DECISIONS
                ? "; too many for a marker each, so they are counted per hour (stacked areas, right axis)."
                : " (triangles)."));
    // Without a plan the chart's place says why, once; the plan table below is left out.
    panel(
        html,
        "Capacity plan: replicas per scenario",
        "plan-chart",
        plan == null
            ? null
            : String.format(
                Locale.ROOT,
                "%s months ahead (to %s), growth %s.",
                trim(plan.settings().months()),
                plan.horizon().toString().substring(0, 10),
                plan.settings().growth()));
    panel(
        html,
        "Daily profile",
        "profile-chart",
        "Mean per-minute load for each hour of the day over all history.");
    panel(
        html,
        "Weekly profile",
        "weekly-chart",
        "Seasonal index for each hour of the week (1 = an average hour).");

    html.append("<section class=\"panel wide\"><h2>Alerts firing</h2>\n");
    if (history.activeAlerts().isEmpty()) {
      html.append("<p class=\"note\">No alerts firing for this service.</p>\n");
    } else {
      html.append(
          "<table><tr><th>rule</th><th>severity</th><th>priority</th><th>metric</th><th>value</th>"
              + "<th>threshold</th><th>since</th><th class=\"text\">recommendation</th></tr>\n");
      for (ServiceHistory.ActiveAlert a : history.activeAlerts()) {
        html.append("<tr><td>")
            .append(escape(a.rule()))
            .append("</td><td class=\"sev-")
            .append(escape(a.severity()))
            .append("\">")
            .append(escape(a.severity()))
            .append("</td><td>")
            .append(escape(a.priority()))
            .append("</td><td>")
            .append(escape(a.metric()))
            .append("</td><td>")
            .append(PlanView.num(a.value()))
            .append("</td><td>")
            .append(PlanView.num(a.threshold()))
            .append("</td><td>")
            .append(MINUTE.format(a.since()))
            .append("</td><td class=\"text\">")
            .append(escape(a.recommendation()))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    html.append("</section>\n");

    if (plan != null) {
      html.append("<section class=\"panel wide\"><h2>Capacity plan</h2>\n");
      planTable(html, plan);
      html.append("</section>\n");
    }
    html.append("</div>\n");
    html.append(
            "<footer>Load is in requests per second from the per-minute windows. Charts by Chart.js ")
        .append(CHART_JS_VERSION)
        .append(" (MIT license, included in this page).</footer>\n");
    return html.toString();
  }

  private static void planTable(StringBuilder html, CapacityPlan plan) {
    boolean cost = plan.settings().pricePerReplicaHour().isPresent();
    html.append(
        "<table><tr><th>scenario</th><th>load now</th><th>at horizon</th><th>95 % interval</th><th>replicas</th>"
            + "<th>range</th><th>CPU cores</th><th>memory GiB</th>");
    html.append(cost ? "<th>cost / month</th>" : "")
        .append(plan.constrained() ? "<th>fits</th>" : "")
        .append("</tr>\n");
    for (ScenarioPlan s : plan.scenarios()) {
      html.append("<tr><td title=\"")
          .append(escape(s.scenario().description()))
          .append("\">")
          .append(escape(s.scenario().label()))
          .append("</td><td>")
          .append(PlanView.num(s.load().current()))
          .append("</td><td>")
          .append(PlanView.num(s.load().projected()))
          .append("</td><td>")
          .append(PlanView.num(s.load().lower()))
          .append(" \u2013 ")
          .append(PlanView.num(s.load().upper()))
          .append("</td><td>")
          .append(s.replicas())
          .append("</td><td>")
          .append(s.replicasLower())
          .append("\u2013")
          .append(s.replicasUpper())
          .append("</td><td>")
          .append(
              Double.isNaN(s.cpuCores()) ? "n/a" : String.format(Locale.ROOT, "%.2f", s.cpuCores()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", s.memoryGib()))
          .append("</td>");
      if (cost) {
        html.append("<td>")
            .append(String.format(Locale.ROOT, "%.2f", s.monthlyCost()))
            .append("</td>");
      }
      if (plan.constrained()) {
        html.append(
            s.fits()
                ? "<td>yes</td>"
                : "<td class=\"fits-no\" title=\""
                    + escape(String.join("; ", s.exceeds()))
                    + "\">no</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n<ul class=\"notes\">\n");
    for (String note : plan.notes()) {
      html.append("<li>").append(escape(note)).append("</li>\n");
    }
    if (plan.constrained()) {
      html.append("<li>").append(escape(PlanView.verdict(plan))).append("</li>\n");
    }
    html.append("</ul>\n");
    SizingView.html(html, plan.sizing());
  }

  private static void card(StringBuilder html, String label, String value) {
    html.append("<div class=\"card\"><div class=\"label\">")
        .append(escape(label))
        .append("</div><div class=\"value\">")
        .append(escape(value))
        .append("</div></div>\n");
  }

  private static void panel(StringBuilder html, String title, String canvasId, String note) {
    html.append("<figure class=\"panel\"><h2>")
        .append(escape(title))
        .append("</h2><div class=\"chart-box\"><canvas id=\"")
        .append(canvasId)
        .append("\"></canvas></div>");
    if (note != null) {
      html.append("<p class=\"note\">").append(escape(note)).append("</p>");
    }
    html.append("</figure>\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("report resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
