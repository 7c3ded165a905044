package io.headroom.flink.forecast;

import io.headroom.core.window.Statistic;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One metric the forecast job forecasts, and which number of its windows is the load.
 *
 * @param metric metric name as in the windows ({@code requests})
 * @param statistic the window value forecast ({@code sum}: requests per window)
 */
public record ForecastSeries(String metric, Statistic statistic) implements Serializable {
  public ForecastSeries {
    if (metric == null || metric.isBlank() || metric.contains("|")) {
      throw new IllegalArgumentException(
          "metrics: '" + metric + "' must be a metric name without '|'");
    }
    if (statistic == null) {
      throw new IllegalArgumentException("metrics: " + metric + " needs a statistic");
    }
  }

  /**
   * {@code requests}, {@code requests:sum}, {@code cpu_percent:mean,requests}: the default
   * statistic is sum.
   */
  public static List<ForecastSeries> parseList(String text) {
    List<ForecastSeries> series = new ArrayList<>();
    for (String part : text.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      String metric = colon < 0 ? item : item.substring(0, colon).strip();
      Statistic statistic =
          colon < 0 ? Statistic.SUM : Statistic.parse("metrics", item.substring(colon + 1));
      if (series.stream().anyMatch(s -> s.metric().equals(metric))) {
        throw new IllegalArgumentException("metrics: '" + metric + "' is listed twice");
      }
      series.add(new ForecastSeries(metric, statistic));
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("metrics: '" + text + "' names no metric");
    }
    return series;
  }

  @Override
  public String toString() {
    return metric + ":" + statistic.label();
  }
}
