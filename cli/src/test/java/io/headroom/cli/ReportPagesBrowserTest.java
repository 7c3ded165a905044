package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.cli.report.IndexPage;
import io.headroom.cli.report.ReportPage;
import io.headroom.clickhouse.ServiceHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report pages rendered from in-memory histories in real headless Chromium: the screenshots go
 * to {@code <build dir>/report-screenshots/}, and every series of every chart must draw pixels of
 * its own inside its plot area (report/audit.js measures them in the page).
 */
class ReportPagesBrowserTest {
  static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
  static final String NO_PLAN = "service 'shop': too little history for a trend projection";

  /** {@code cli/<build dir>/report-screenshots}, next to test-classes. */
  static Path screenshots() throws Exception {
    Path classes =
        Path.of(
            ReportPagesBrowserTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Path dir = classes.getParent().resolve("report-screenshots");
    Files.createDirectories(dir);
    return dir;
  }

  static ReportBrowser.Rendered renderAudited(String html, String name) throws Exception {
    Path dir = screenshots();
    Path page = dir.resolve(name + ".html");
    Files.writeString(page, html, StandardCharsets.UTF_8);
    return ReportBrowser.locate().render(page, "?audit", dir.resolve(name + ".png"), 1400, 2000);
  }

  @Test
  void serviceReport_withDenseDecisions_untrustedForecast_constantErrors_andNoPlan()
      throws Exception {
    ServiceHistory history = ReportSamples.history("shop", 14, 0.5, 3000, false);
    String html = ReportPage.render(history, null, NO_PLAN, NOW, "test");

    ReportBrowser.Rendered rendered = renderAudited(html, "service-untrusted-dense-noplan");

    assertThat(bodyTag(rendered.dom()))
        .isEqualTo("<body data-rendered=\"true\" data-charts=\"5\">");
    List<ReportBrowser.SeriesPixels> series =
        ReportBrowser.assertEverySeriesVisible(rendered.dom(), 30);
    // History takes most of the width; the 14-day forecast at most a quarter, marked untrusted.
    ReportBrowser.SeriesPixels history14 = find(series, "load-chart", "mean load (req/s)");
    ReportBrowser.SeriesPixels forecast = find(series, "load-chart", "forecast (auto, untrusted)");
    assertThat(history14.xTo() - history14.xFrom()).isGreaterThan(0.7);
    assertThat(forecast.xTo() - forecast.xFrom()).isLessThanOrEqualTo(0.26);
    assertThat(find(series, "load-chart", "95 % interval, untrusted").pixels()).isGreaterThan(500);
    assertThat(html).contains("Load, untrusted forecast and interval");
    // The constant error rate is drawn inside the latency chart (its own padded axis).
    assertThat(find(series, "latency-chart", "error rate (%)").pixels()).isGreaterThan(200);
    // 3,000 decisions: counted per hour, not 3,000 triangles.
    assertThat(series)
        .extracting(ReportBrowser.SeriesPixels::label)
        .contains("scale-ups per hour", "scale-downs per hour")
        .doesNotContain("scale up", "scale down");
    // The missing plan is said once, in the plan chart's place.
    assertThat(
            Pattern.compile(Pattern.quote(NO_PLAN)).matcher(visibleText(rendered.dom())).results())
        .hasSize(1);
  }

  @Test
  void serviceReport_withFewDecisions_trustedForecast_andAPlan() throws Exception {
    ServiceHistory history = ReportSamples.history("checkout", 14, 0, 40, true);
    String html = ReportPage.render(history, ReportSamples.plan("checkout"), null, NOW, "test");

    ReportBrowser.Rendered rendered = renderAudited(html, "service-trusted");

    assertThat(bodyTag(rendered.dom()))
        .isEqualTo("<body data-rendered=\"true\" data-charts=\"6\">");
    List<ReportBrowser.SeriesPixels> series =
        ReportBrowser.assertEverySeriesVisible(rendered.dom(), 30);
    assertThat(series)
        .extracting(ReportBrowser.SeriesPixels::label)
        .contains("forecast (auto)", "scale up", "scale down", "error rate (%)");
    // an error rate of exactly 0 is still a visible line, not the chart's bottom border
    assertThat(find(series, "latency-chart", "error rate (%)").pixels()).isGreaterThan(200);
  }

  @Test
  void indexPage_linksEachService_withLoadP95HeadroomAlertsAndLastDecision() throws Exception {
    List<IndexPage.Entry> entries =
        List.of(
            new IndexPage.Entry(
                ReportSamples.history("checkout", 14, 0.5, 40, true), "checkout.html", 31.5, null),
            new IndexPage.Entry(
                ReportSamples.history("payments", 14, 0, 3000, false),
                "payments.html",
                7.2,
                NO_PLAN),
            new IndexPage.Entry(
                new ServiceHistory(
                    "fresh", null, List.of(), List.of(), List.of(), List.of(), null, List.of(),
                    List.of()),
                "fresh.html",
                Double.NaN,
                NO_PLAN));
    String html = IndexPage.render(entries, NOW, "test");

    ReportBrowser.Rendered rendered = renderAudited(html, "index");

    String dom = visibleText(rendered.dom());
    assertThat(dom)
        .contains("<a href=\"checkout.html\">checkout</a>")
        .contains("<a href=\"payments.html\">payments</a>")
        .contains("<a href=\"fresh.html\">fresh</a>")
        .contains("31.5 %")
        .contains("1 critical")
        .contains("9 \u2192 8") // checkout's last decision (the 40th: down)
        .contains("none in the span");
    // one sparkline per service with load, drawn in its colour (about 180 px of line each)
    assertThat(Pattern.compile("<polyline").matcher(dom).results()).hasSize(2);
    assertThat(ReportBrowser.pixelsNear(rendered.screenshot(), 0x1f77b4, 40))
        .as("sparkline pixels")
        .isGreaterThan(2 * 150);
  }

  @Test
  void backtestPage_drawsTheHpaFrontier_andThePredictiveAndSeasonalNaivePoints() throws Exception {
    Path dir = screenshots();
    Path trace = dir.resolve("backtest-trace.csv");
    List<String> lines = new java.util.ArrayList<>(List.of("timestamp,requests"));
    Instant t0 = Instant.parse("2026-10-05T00:00:00Z");
    for (int minute = 0; minute < 3 * 1440; minute++) {
      double value =
          300 + 200 * Math.sin(2 * Math.PI * minute / 1440.0) + 40 * Math.sin(minute * 0.37);
      lines.add(t0.plusSeconds(60L * minute) + "," + Math.round(value));
    }
    Files.write(trace, lines, StandardCharsets.UTF_8);
    Path page = dir.resolve("backtest.html");

    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "backtest",
            "--trace",
            trace.toString(),
            "--capacity",
            "20",
            "--compare",
            "--model",
            "naive",
            "--sync",
            "60s",
            "--html",
            page.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("page written to " + page.toAbsolutePath());
    ReportBrowser.Rendered rendered =
        ReportBrowser.locate().render(page, "?audit", dir.resolve("backtest.png"), 1400, 900);
    assertThat(bodyTag(rendered.dom()))
        .isEqualTo("<body data-rendered=\"true\" data-charts=\"1\">");
    List<ReportBrowser.SeriesPixels> series =
        ReportBrowser.assertEverySeriesVisible(rendered.dom(), 30);
    assertThat(series)
        .extracting(ReportBrowser.SeriesPixels::label)
        .containsExactly("HPA frontier (targets)", "predictive", "seasonal-naive", "oracle");
    assertThat(visibleText(rendered.dom()))
        .contains("HPA 50%", "HPA 60%", "HPA 70%", "HPA 80%")
        .contains("the HPA frontier reaches tau_U");
  }

  static ReportBrowser.SeriesPixels find(
      List<ReportBrowser.SeriesPixels> series, String chart, String label) {
    return series.stream()
        .filter(s -> s.chart().equals(chart) && s.label().equals(label))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no series '" + label + "' in " + chart + ": " + series));
  }

  /** The DOM without its script elements (the embedded data repeats every text). */
  static String visibleText(String dom) {
    return dom.replaceAll("(?s)<script.*?</script>", "");
  }

  static String bodyTag(String dom) {
    java.util.regex.Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat(body.find()).as("a <body> in the DOM").isTrue();
    return body.group();
  }
}
