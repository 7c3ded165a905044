package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.cli.report.ReportPage;
import io.headroom.clickhouse.ServiceHistory;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page itself, without a browser: escaping, the embedded data, and what it says about missing
 * parts.
 */
class ReportPageTest {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final String HOSTILE = "</script><script>alert('x')</script> & \"quotes\"";

  @Test
  void textFromTheHistory_isEscaped_inTheHtmlAndInTheEmbeddedJson() throws Exception {
    ServiceHistory history =
        new ServiceHistory(
            "shop",
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            List.of(new ServiceHistory.ScalingChange(T0, 2, 3, "hpa", HOSTILE)),
            List.of(
                new ServiceHistory.ActiveAlert(
                    "cpu-high", "cpu_percent", "critical", "immediate", T0, 95, 90, HOSTILE)));

    String html = ReportPage.render(history, null, "service 'shop': no load history", T0, "test");

    assertThat(html)
        .doesNotContain("<script>alert")
        .contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)");
    // Exactly the three script elements of the template: the data, Chart.js and the report's own
    // code.
    assertThat(Pattern.compile("<script[ >]").matcher(html).results().count()).isEqualTo(3);
    JsonNode data = new ObjectMapper().readTree(embeddedData(html));
    assertThat(data.at("/scaling/0/reason").asText()).isEqualTo(HOSTILE);
    assertThat(data.get("plan").isNull()).isTrue();
    assertThat(data.get("planProblem").asText()).isEqualTo("service 'shop': no load history");
  }

  @Test
  void missingForecastLatencyAndLoad_areSaidInThePage() {
    ServiceHistory history =
        new ServiceHistory(
            "shop", null, List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of());
    String html = ReportPage.render(history, null, "no plan", T0, "test");
    assertThat(html)
        .contains("No forecasts in load_forecasts for this service yet")
        .contains("No alerts firing for this service.")
        .contains("<div class=\"label\">load</div><div class=\"value\">no requests windows</div>");
  }

  @Test
  void forecastValues_perStep_areShownPerSecond() throws Exception {
    ServiceHistory.Forecast forecast =
        new ServiceHistory.Forecast(
            "requests",
            "auto",
            true,
            0.95,
            T0,
            3600,
            List.of(new ServiceHistory.ForecastStep(T0.plusSeconds(3600), 36_000, 32_400, 39_600)));
    ServiceHistory history =
        new ServiceHistory(
            "shop", null, List.of(), List.of(), List.of(), List.of(), forecast, List.of(),
            List.of());
    JsonNode data =
        new ObjectMapper()
            .readTree(embeddedData(ReportPage.render(history, null, "no plan", T0, "test")));
    // The forecast job forecasts requests per step (36,000 an hour); the load chart is in requests
    // per second.
    assertThat(data.at("/forecast/points/0/value").asDouble()).isEqualTo(10);
    assertThat(data.at("/forecast/points/0/lower").asDouble()).isEqualTo(9);
    assertThat(data.at("/forecast/points/0/upper").asDouble()).isEqualTo(11);
  }

  @Test
  void planSection_showsRequestsAndLimitsPerContainer_andTheDataCarriesThem() throws Exception {
    ServiceHistory history =
        new ServiceHistory(
            "shop", null, List.of(), List.of(), List.of(), List.of(), null, List.of(), List.of());
    var plan = ReportSamples.plan("shop");
    String html = ReportPage.render(history, plan, null, T0, "test");

    long memoryMi = (long) Math.ceil(0.4 * 1.15 * 1024);
    assertThat(html)
        .contains("<h3>Requests and limits per container (Kubernetes VPA recommender rules)</h3>")
        .contains("<td>memory</td><td>1024Mi / 1024Mi</td><td>" + memoryMi + "Mi</td>");
    JsonNode sizing = new ObjectMapper().readTree(embeddedData(html)).at("/plan/sizing");
    assertThat(sizing.at("/cpu/request").asDouble()).isEqualTo(plan.sizing().cpu().target());
    assertThat(sizing.at("/memory/request").asDouble()).isEqualTo(0.4 * 1.15);
    assertThat(sizing.at("/memory/samples").asInt()).isEqualTo(28);
    assertThat(sizing.at("/rules/targetPercentile").asDouble()).isEqualTo(0.9);
  }

  @Test
  void servicePageFileNames_areSafe_andUnique_andNeverTheIndex() {
    java.util.Set<String> taken = new java.util.HashSet<>(java.util.Set.of("index.html"));
    assertThat(ReportCommand.fileName("checkout", taken)).isEqualTo("checkout.html");
    assertThat(ReportCommand.fileName("index", taken)).isEqualTo("index-2.html");
    assertThat(ReportCommand.fileName("../etc/passwd", taken)).isEqualTo("_.._etc_passwd.html");
    assertThat(ReportCommand.fileName("a/b", taken)).isEqualTo("a_b.html");
    assertThat(ReportCommand.fileName("a:b", taken)).isEqualTo("a_b-2.html");
  }

  @Test
  void backtestHtml_withoutCompare_exits2_sayingSo() {
    ReportFixtures.CliRun run =
        ReportFixtures.runCli(
            "backtest", "--trace", "missing.csv", "--capacity", "20", "--html", "out.html");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--html: draws the comparison; add --compare");
  }

  private static String embeddedData(String html) {
    Matcher data =
        Pattern.compile(
                "<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(html);
    assertThat(data.find()).isTrue();
    return data.group(1);
  }
}
