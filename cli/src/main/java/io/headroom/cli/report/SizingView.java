package io.headroom.cli.report;

import io.headroom.core.capacity.ContainerSizing;
import io.headroom.core.capacity.ResourceRecommendation;
import io.headroom.core.capacity.SizingRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-container requests and limits ({@link ContainerSizing}) as the plan's table rows, its
 * JSON and the report's HTML, in Kubernetes quantities (millicores, MiB).
 */
public final class SizingView {
  static final String TITLE =
      "Requests and limits per container (Kubernetes VPA recommender rules)";

  private SizingView() {}

  static Map<String, Object> toMap(ContainerSizing sizing) {
    SizingRules rules = sizing.rules();
    return Json.object(
        "rules",
        Json.object(
            "targetPercentile", rules.targetPercentile(),
            "lowerBoundPercentile", rules.lowerBoundPercentile(),
            "upperBoundPercentile", rules.upperBoundPercentile(),
            "safetyMargin", rules.safetyMargin(),
            "minCpuCores", rules.minCpuCores(),
            "minMemoryGib", rules.minMemoryGib(),
            "halfLifeHours", rules.halfLife().toMinutes() / 60.0,
            "memoryPeakIntervalHours", rules.memoryPeakInterval().toMinutes() / 60.0),
        "cpu",
        toMap(sizing.cpu()),
        "memory",
        toMap(sizing.memory()));
  }

  private static Map<String, Object> toMap(ResourceRecommendation r) {
    return Json.object(
        "unit", r.unit(),
        "currentRequest", r.currentRequest(),
        "currentLimit", r.currentLimit(),
        "request", r.target(),
        "lowerBound", r.lowerBound(),
        "upperBound", r.upperBound(),
        "limit", r.limit(),
        "windows", r.windows(),
        "samples", r.samples(),
        "confidenceDays", r.confidence(),
        "unavailable", r.unavailable());
  }

  static String[] header() {
    return new String[] {
      "resource", "now (request / limit)", "request", "bounds", "limit", "windows", "from"
    };
  }

  static List<String[]> rows(ContainerSizing sizing) {
    List<String[]> rows = new ArrayList<>();
    for (ResourceRecommendation r : List.of(sizing.cpu(), sizing.memory())) {
      String now = quantity(r, r.currentRequest()) + " / " + limit(r, r.currentLimit());
      rows.add(
          r.available()
              ? new String[] {
                r.resource(),
                now,
                quantity(r, r.target()),
                quantity(r, r.lowerBound()) + " .. " + quantity(r, r.upperBound()),
                limit(r, r.limit()),
                Integer.toString(r.windows()),
                r.resource().equals("memory") ? r.samples() + " daily peaks" : "every window"
              }
              : new String[] {r.resource(), now, "n/a", "", "", Integer.toString(r.windows()), ""});
    }
    return rows;
  }

  /** What the reader needs to read the rows: the rule, and why a resource has no row. */
  static List<String> notes(ContainerSizing sizing) {
    SizingRules rules = sizing.rules();
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "sizing: request = p%.0f of CPU usage and of each day's memory peak + %.0f %% margin (at least %s and %s);"
                + " bounds p%.0f .. p%.0f, widened while the history is short (upper ×(1 + 1/days));"
                + " a window weighs half as much per %d h of age; limits keep the current limit/request ratio"
                + " (--cpu-per-replica and --memory-per-replica are taken as both)",
            100 * rules.targetPercentile(),
            100 * rules.safetyMargin(),
            millicores(rules.minCpuCores()),
            mebibytes(rules.minMemoryGib()),
            100 * rules.lowerBoundPercentile(),
            100 * rules.upperBoundPercentile(),
            rules.halfLife().toHours()));
    for (ResourceRecommendation r : List.of(sizing.cpu(), sizing.memory())) {
      if (!r.available()) {
        String only =
            r.resource().equals("memory") && sizing.cpu().available()
                ? " (only CPU history is available)"
                : "";
        notes.add(r.resource() + ": no recommendation: " + r.unavailable() + only);
      }
    }
    return notes;
  }

  static String table(ContainerSizing sizing) {
    List<String[]> rows = new ArrayList<>();
    rows.add(header());
    rows.addAll(rows(sizing));
    StringBuilder out = new StringBuilder(TITLE).append(':').append(System.lineSeparator());
    out.append(PlanView.align(rows));
    for (String note : notes(sizing)) {
      out.append(note).append(System.lineSeparator());
    }
    return out.toString();
  }

  static void html(StringBuilder html, ContainerSizing sizing) {
    html.append("<h3>")
        .append(ReportPage.escape(TITLE))
        .append("</h3>\n<table class=\"sizing\"><tr>");
    for (String h : header()) {
      html.append("<th>").append(ReportPage.escape(h)).append("</th>");
    }
    html.append("</tr>\n");
    for (String[] row : rows(sizing)) {
      html.append("<tr>");
      for (String cell : row) {
        html.append("<td>").append(ReportPage.escape(cell)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n<ul class=\"notes\">\n");
    for (String note : notes(sizing)) {
      html.append("<li>").append(ReportPage.escape(note)).append("</li>\n");
    }
    html.append("</ul>\n");
  }

  private static String quantity(ResourceRecommendation r, double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Double.isInfinite(value)) {
      return "unbounded";
    }
    return r.unit().equals("cores") ? millicores(value) : mebibytes(value);
  }

  private static String limit(ResourceRecommendation r, double value) {
    return Double.isNaN(value) ? "none" : quantity(r, value);
  }

  // Rounded up: a request rounded down could sit just below the usage it was computed from.
  static String millicores(double cores) {
    return (long) Math.ceil(cores * 1000 - 1e-9) + "m";
  }

  static String mebibytes(double gib) {
    return (long) Math.ceil(gib * 1024 - 1e-9) + "Mi";
  }
}
