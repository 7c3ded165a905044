package io.headroom.flink.forecast;

import io.headroom.core.trace.TracePoint;
import io.headroom.core.window.Statistic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads one series' stored windows from ClickHouse over HTTP (the JDK's client: the job jar needs
 * no driver). The same query as {@code io.headroom.clickhouse.WindowHistory} (history export):
 * {@code FINAL} merges windows loaded twice; it runs on ClickHouse 18.16 and current servers.
 */
final class ClickHouseHistory {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ClickHouseHistory() {}

  static String sql(
      String database,
      String service,
      String metric,
      Statistic statistic,
      Duration window,
      Instant from,
      Instant to) {
    return "SELECT toUnixTimestamp(window_start) AS t, toFloat64("
        + statistic.label()
        + ") AS v FROM "
        + database
        + ".percentile_windows FINAL WHERE service = "
        + quote(service)
        + " AND metric = "
        + quote(metric)
        + " AND window_seconds = "
        + window.toSeconds()
        + " AND window_start >= toDateTime("
        + from.getEpochSecond()
        + ") AND window_start < toDateTime("
        + to.getEpochSecond()
        + ") ORDER BY t FORMAT TabSeparated";
  }

  /** The windows of {@code service × metric} starting in {@code [from, to)}, oldest first. */
  static List<TracePoint> read(
      WarmStart warmStart,
      String service,
      String metric,
      Statistic statistic,
      Duration window,
      Instant from,
      Instant to)
      throws IOException, InterruptedException {
    URI uri = URI.create(warmStart.clickhouseUrl());
    String userInfo = uri.getRawUserInfo();
    URI endpoint =
        URI.create(
            uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    ? "/"
                    : uri.getRawPath()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    sql(warmStart.database(), service, metric, statistic, window, from, to),
                    StandardCharsets.UTF_8));
    if (userInfo != null) {
      String decoded = java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      String body = response.body().strip();
      int end = body.indexOf('\n');
      throw new IOException(
          "ClickHouse answered HTTP "
              + response.statusCode()
              + ": "
              + (end < 0 ? body : body.substring(0, end)));
    }
    return parse(response.body());
  }

  /**
   * {@code t\tv} lines; {@code nan} and {@code inf} become non-finite (the seed rule drops them).
   */
  static List<TracePoint> parse(String body) {
    List<TracePoint> points = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      long t = Long.parseLong(line.substring(0, tab));
      String v = line.substring(tab + 1);
      double value =
          switch (v) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
          };
      points.add(new TracePoint(Instant.ofEpochSecond(t), value));
    }
    return points;
  }

  static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
