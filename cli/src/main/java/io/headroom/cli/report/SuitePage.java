package io.headroom.cli.report;

import io.headroom.core.backtest.BacktestResult;
import io.headroom.core.suite.TraceEvaluation;
import io.headroom.core.time.DurationText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trace suite as one self-contained page: per trace, the HPA frontier chart (replica-hours
 * against tau_U for each CPU target, joined by the straight lines the frontier interpolates) with
 * the predictive policy, the seasonal-naive reference and the oracle as points, and the forecast
 * accuracy per horizon. Chart.js is embedded, so the page works offline.
 */
public final class SuitePage {
  private SuitePage() {}

  public static String render(List<TraceEvaluation> results, String version) {
    StringBuilder body = new StringBuilder();
    List<Object> charts = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      TraceEvaluation r = results.get(i);
      body.append("<section class=\"panel\"><h2>")
          .append(ReportPage.escape(r.name()))
          .append("</h2><p class=\"note\">")
          .append(
              ReportPage.escape(
                  String.format(
                      Locale.ROOT,
                      "%d points at %s, capacity %.4g per replica (peak / 30)."
                          + " Predictive: tau_U x%.2f of the %d%% HPA at x%.3f its replica-hours; the frontier there: %.3f%%.",
                      r.points(),
                      DurationText.format(r.step()),
                      r.capacity(),
                      r.tauURatio(),
                      r.policyTarget(),
                      r.replicaHoursRatio(),
                      r.frontier().tauUAt(r.predictive().replicaHours()))))
          .append("</p><div class=\"chart-box\"><canvas id=\"frontier")
          .append(i)
          .append("\"></canvas></div>")
          .append(forecastTable(r))
          .append("</section>\n");
      charts.add(chart(r));
    }
    return page(
        "Headroom trace suite",
        "Each chart: the reactive HPA at CPU targets 50-80% (the frontier: what lowering the target"
            + " buys), the predictive policy, the seasonal-naive reference (yesterday x 1.1 over the"
            + " lead) and the oracle (the true future, the physical limit). Below and left of the line"
            + " is better than any HPA target.",
        "<div class=\"grid\">\n" + body + "</div>",
        charts,
        version);
  }

  /**
   * One backtest comparison ({@code ./headroom backtest --compare --html}) as a page: the HPA
   * frontier over the reactive runs, the predictive, seasonal-naive and oracle points, and the
   * runs' metrics.
   *
   * @param hpa reactive runs by label ("HPA 70%"), any order
   * @param description what was replayed (trace, capacity, start-up, lead), shown under the title
   */
  public static String renderBacktest(
      String traceName,
      String description,
      Map<String, BacktestResult> hpa,
      BacktestResult predictive,
      BacktestResult seasonalNaive,
      BacktestResult oracle,
      String verdict,
      String version) {
    List<Object> hpaPoints = new ArrayList<>();
    hpa.entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> e.getValue().replicaHours()))
        .forEach(e -> hpaPoints.add(point(e.getValue(), e.getKey())));
    StringBuilder table =
        new StringBuilder(
            "<table><tr><th>run</th><th>tau_U %</th><th>theta_U %</th><th>tau_O %</th>"
                + "<th>replica-hours</th><th>scaling actions</th><th>reversals</th></tr>");
    Map<String, BacktestResult> runs = new LinkedHashMap<>(hpa);
    runs.put("predictive", predictive);
    runs.put("seasonal-naive", seasonalNaive);
    runs.put("oracle", oracle);
    runs.forEach(
        (label, run) ->
            table.append(
                String.format(
                    Locale.ROOT,
                    "<tr><td>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.1f</td><td>%d</td>"
                        + "<td>%d</td></tr>",
                    ReportPage.escape(label),
                    run.tauU(),
                    run.thetaU(),
                    run.tauO(),
                    run.replicaHours(),
                    (long) run.scalingActions(),
                    (long) run.reversals())));
    table.append("</table>");
    String body =
        "<section class=\"panel\"><h2>"
            + ReportPage.escape(traceName)
            + "</h2><p class=\"note\">"
            + ReportPage.escape(verdict)
            + "</p><div class=\"chart-box\"><canvas id=\"frontier0\"></canvas></div>"
            + table
            + "</section>\n";
    return page(
        "Headroom backtest: " + traceName,
        description
            + " The HPA frontier joins the reactive runs at CPU targets 50-80%: what lowering the"
            + " target alone buys. Below and left of the line is better than any HPA target.",
        body,
        List.of(
            frontier(
                hpaPoints,
                point(predictive, "predictive"),
                point(seasonalNaive, "seasonal-naive"),
                point(oracle, "oracle"))),
        version);
  }

  /**
   * The page around frontier charts: {@code body} holds canvases frontier0, frontier1, ... for
   * {@code charts} in order.
   */
  private static String page(
      String title, String intro, String body, List<Object> charts, String version) {
    String chartJs = ReportPage.resource("chart.umd.min.js");
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="generator" content="Headroom %s">
        <title>%s</title>
        <style>
          body { margin: 0; padding: 20px 28px 40px; font: 14px/1.45 system-ui, sans-serif; color: #1f2328; }
          h1 { font-size: 22px; margin: 0 0 12px; } h2 { font-size: 15px; margin: 0 0 4px; }
          .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
          .panel { border: 1px solid #d1d9e0; border-radius: 6px; padding: 12px 14px; min-width: 0; }
          .chart-box { position: relative; height: 280px; } .note { color: #59636e; font-size: 12.5px; margin: 0 0 6px; }
          table { border-collapse: collapse; margin-top: 8px; font-size: 12.5px; } td, th { padding: 2px 10px 2px 0; text-align: right; }
          td:first-child, th:first-child { text-align: left; }
        </style></head><body>
        <h1>%s</h1>
        <p class="note">%s</p>
        %s
        <script>%s</script>
        <script>
        const charts = %s;
        // both axes padded around the points, so none sits on the chart's border (an oracle at tau_U 0)
        const padded = (values, beginAtZero) => {
          const lo = Math.min(...values), hi = Math.max(...values), pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 0.04, 0.01);
          return { min: beginAtZero ? Math.min(0, lo) - pad : lo - pad, max: hi + pad };
        };
        charts.forEach((c, i) => {
          const all = c.hpa.concat([c.predictive, c.seasonalNaive, c.oracle]);
          const x = padded(all.map((p) => p.x), false), y = padded(all.map((p) => p.y), true);
          new Chart(document.getElementById('frontier' + i), {
          type: 'scatter',
          data: { datasets: [
            { label: 'HPA frontier (targets)', data: c.hpa, showLine: true, borderColor: '#59636e', backgroundColor: '#59636e', pointRadius: 4 },
            { label: 'predictive', data: [c.predictive], borderColor: '#0969da', backgroundColor: '#0969da', pointRadius: 7, pointStyle: 'triangle' },
            { label: 'seasonal-naive', data: [c.seasonalNaive], borderColor: '#9a6700', backgroundColor: '#9a6700', pointRadius: 6, pointStyle: 'rect' },
            { label: 'oracle', data: [c.oracle], borderColor: '#1a7f37', backgroundColor: '#1a7f37', pointRadius: 6, pointStyle: 'star' } ] },
          options: { animation: false, maintainAspectRatio: false,
            plugins: { tooltip: { callbacks: { label: (ctx) => (ctx.raw.label || ctx.dataset.label) + ': ' + ctx.raw.x.toFixed(1) + ' replica-hours, tau_U ' + ctx.raw.y.toFixed(3) + '%%' } } },
            scales: { x: { min: x.min, max: x.max, title: { display: true, text: 'replica-hours' } },
              y: { min: y.min, max: y.max, title: { display: true, text: 'tau_U (%% of time under-provisioned)' },
                ticks: { callback: (v) => v < 0 ? '' : Math.round(v * 1000) / 1000 } } } }
        }); });
        document.body.setAttribute('data-rendered', 'true');
        document.body.setAttribute('data-charts', String(charts.length));
        </script>
        <script>%s</script></body></html>
        """
        .formatted(
            ReportPage.escape(version),
            ReportPage.escape(title),
            ReportPage.escape(title),
            ReportPage.escape(intro),
            body,
            chartJs,
            Json.write(charts, false),
            ReportPage.resource("audit.js"));
  }

  private static Map<String, Object> chart(TraceEvaluation r) {
    List<Object> hpa = new ArrayList<>();
    r.hpa().entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> e.getValue().replicaHours()))
        .forEach(e -> hpa.add(point(e.getValue(), "HPA " + e.getKey() + "%")));
    return frontier(
        hpa,
        point(r.predictive(), "predictive"),
        point(r.seasonalNaive(), "seasonal-naive"),
        point(r.oracle(), "oracle"));
  }

  private static Map<String, Object> frontier(
      List<Object> hpa, Object predictive, Object seasonalNaive, Object oracle) {
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("hpa", hpa);
    chart.put("predictive", predictive);
    chart.put("seasonalNaive", seasonalNaive);
    chart.put("oracle", oracle);
    return chart;
  }

  private static Map<String, Object> point(BacktestResult run, String label) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("x", run.replicaHours());
    point.put("y", run.tauU());
    point.put("label", label);
    return point;
  }

  private static String forecastTable(TraceEvaluation r) {
    StringBuilder table =
        new StringBuilder(
            "<table><tr><th>horizon</th><th>relMAE</th><th>sMAPE %</th><th>MASE</th>"
                + "<th>coverage</th></tr>");
    for (TraceEvaluation.HorizonAccuracy h : r.forecasts()) {
      table.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%.3f</td><td>%.1f</td><td>%.3f</td><td>%.1f%%</td></tr>",
              DurationText.format(h.horizon()),
              h.report().relMae(),
              h.report().smape(),
              h.report().mase(),
              100 * h.report().coverage()));
    }
    return table.append("</table>").toString();
  }
}
