package io.headroom.cli;

import static io.headroom.cli.ReportBrowser.pixelsNear;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.clickhouse.ClickHouseSettings;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./headroom report} end to end: a known synthetic history in a real ClickHouse, the command
 * writes the page, and real headless Chromium renders it. The page marks itself {@code
 * data-rendered="true"} only after Chart.js drew every chart; the screenshot must show each chart's
 * series colour in quantity (lines and bars drawn, not an empty page). {@code
 * -Dheadroom.report.screenshot=<png>} keeps the screenshot (docs/report-screenshot.png).
 */
@ExtendWith(LocalStackExtension.class)
class ReportCommandIT {

  @Test
  void report_ofTwoWeeksOfSyntheticHistory_rendersAllSixCharts_inHeadlessChromium(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(ReportFixtures.DATABASE);
    ReportFixtures.ensureLoaded(settings, "checkout", 15, true);
    Path page = dir.resolve("out/report.html");

    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "report",
            "--service",
            "checkout",
            "--out",
            page.toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            ReportFixtures.DATABASE,
            "--price-per-replica-hour",
            "0.05",
            "--budget",
            "1200");

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo("report written to " + page.toAbsolutePath() + System.lineSeparator());
    String html = Files.readString(page);
    assertThat(html)
        .as("self-contained: nothing loaded from elsewhere")
        .doesNotContainPattern("(src|href)=\"[a-z]*:?//");
    assertThat(html)
        .contains("Chart.js v4.6.1")
        .contains("Permission is hereby granted, free of charge");
    assertThat(html)
        .contains("cpu-high")
        .doesNotContain("memory-high"); // memory-high resolved; cpu-high is firing
    assertThat(html).contains("Within budget 1200.00 a month: fits up to");

    Path png = ReportPagesBrowserTest.screenshots().resolve("it-checkout.png");
    ReportBrowser.Rendered rendered =
        ReportBrowser.locate().render(page, "?audit", png, 1400, 2000);
    assertThat(bodyTag(rendered.dom()))
        .isEqualTo("<body data-rendered=\"true\" data-charts=\"6\">");
    // Every series of every chart draws pixels of its own inside its plot area (report/audit.js).
    List<ReportBrowser.SeriesPixels> series =
        ReportBrowser.assertEverySeriesVisible(rendered.dom(), 30);
    assertThat(series)
        .extracting(ReportBrowser.SeriesPixels::label)
        .contains(
            "mean load (req/s)",
            "forecast (auto)",
            "95 % interval",
            "p95",
            "error rate (%)",
            "replicas (hourly mean)",
            "replicas at the horizon",
            "mean load by hour of day, UTC (req/s)");
    // 15 days of history and a 14-day forecast: the forecast takes at most a quarter of the chart.
    ReportBrowser.SeriesPixels forecast =
        ReportPagesBrowserTest.find(series, "load-chart", "forecast (auto)");
    assertThat(forecast.xTo() - forecast.xFrom()).isLessThanOrEqualTo(0.26);
    assertThat(pixelsNear(rendered.screenshot(), 0x1f77b4, 30)).as("load line").isGreaterThan(500);
    String keep = System.getProperty("headroom.report.screenshot");
    if (keep != null && !keep.isBlank()) {
      Files.copy(png, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void reportAll_writesAPagePerService_andAnIndexLinkingThem(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(ReportFixtures.DATABASE);
    ReportFixtures.ensureLoaded(settings, "checkout", 15, true);
    ReportFixtures.ensureLoaded(settings, "fresh", 3, false);
    Path out = dir.resolve("site");

    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "report",
            "--all",
            "--out",
            out.toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            ReportFixtures.DATABASE);

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains(
            "fresh: no capacity plan in the report: service 'fresh': too little history for a trend projection")
        .endsWith(
            "index written to "
                + out.toAbsolutePath().resolve("index.html")
                + System.lineSeparator());
    assertThat(out.resolve("checkout.html")).exists();
    assertThat(out.resolve("fresh.html")).exists();
    String index = Files.readString(out.resolve("index.html"));
    assertThat(index)
        .contains("<a href=\"checkout.html\">checkout</a>")
        .contains("<a href=\"fresh.html\">fresh</a>")
        .containsPattern("\\d critical") // checkout's cpu-high alerts, one of them critical
        .containsPattern("\\d+\\.\\d %</td>") // CPU headroom from capacity_headroom.sql
        .contains("(hpa) cpu "); // checkout's last scaling decision
    ReportBrowser.Rendered rendered =
        ReportBrowser.locate()
            .render(
                out.resolve("index.html"),
                "",
                ReportPagesBrowserTest.screenshots().resolve("it-index.png"),
                1400,
                900);
    assertThat(rendered.dom()).contains("<a href=\"checkout.html\">checkout</a>");
    assertThat(pixelsNear(rendered.screenshot(), 0x1f77b4, 40))
        .as("load sparklines")
        .isGreaterThan(2 * 150);
  }

  @Test
  void report_withoutForecastsOrEnoughHistoryForAPlan_saysWhatIsMissing_andDrawsTheRest(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(ReportFixtures.DATABASE);
    ReportFixtures.ensureLoaded(settings, "fresh", 3, false);
    Path page = dir.resolve("fresh.html");

    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "report",
            "--service",
            "fresh",
            "--out",
            page.toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            ReportFixtures.DATABASE);

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith(
            "no capacity plan in the report: service 'fresh': too little history for a trend"
                + " projection: 3 usable days (2026-10-05 .. 2026-10-07); the linear trend needs at least 14 days");
    String html = Files.readString(page);
    assertThat(html)
        .contains("No forecasts in load_forecasts for this service yet")
        .contains("No alerts firing for this service.")
        .contains("too little history for a trend projection: 3 usable days");

    String dom = ReportBrowser.locate().render(page, dir.resolve("fresh.png"), 1400, 2000).dom();
    // load, latency, replicas, daily and weekly profiles: five charts; the plan panel shows why it
    // is empty
    assertThat(bodyTag(dom)).isEqualTo("<body data-rendered=\"true\" data-charts=\"5\">");
    assertThat(dom)
        .contains("class=\"missing\">service 'fresh': too little history for a trend projection");
  }

  @Test
  void report_ofAnUnknownService_exits2_namingTheServicesThereAre(
      StackEndpoints stack, @TempDir Path dir) throws Exception {
    ClickHouseSettings settings =
        ClickHouseSettings.local(stack.clickhouseJdbcUrl()).withDatabase(ReportFixtures.DATABASE);
    ReportFixtures.ensureLoaded(settings, "fresh", 3, false);

    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "report",
            "--service",
            "nope",
            "--out",
            dir.resolve("x.html").toString(),
            "--clickhouse",
            stack.clickhouseJdbcUrl(),
            "--database",
            ReportFixtures.DATABASE);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "headroom: unknown service 'nope': no windows for it in it_cli_history.percentile_windows"
                + " (services with history: ")
        .contains("fresh")
        .hasLineCount(1);
    assertThat(dir.resolve("x.html")).doesNotExist();
  }

  /** The body's opening tag as the browser left it: the page's scripts set its data-* markers. */
  private static String bodyTag(String dom) {
    java.util.regex.Matcher body = java.util.regex.Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat(body.find()).as("a <body> in the DOM").isTrue();
    return body.group();
  }
}
