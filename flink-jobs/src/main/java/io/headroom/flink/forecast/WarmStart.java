package io.headroom.flink.forecast;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Where the forecast job seeds each series' models from before it goes live: ClickHouse's {@code
 * percentile_windows}, read over HTTP, {@code span} back from the series' first live window. Off
 * when {@code clickhouseUrl} is null.
 *
 * @param clickhouseUrl ClickHouse HTTP endpoint, e.g. {@code http://127.0.0.1:8123} ({@code
 *     http://user:password@host:8123} for a user other than the default); null: no warm start
 * @param database the database holding {@code percentile_windows}
 * @param span how much history to read (14 days: two weekly seasons)
 */
public record WarmStart(String clickhouseUrl, String database, Duration span)
    implements Serializable {
  public static final WarmStart OFF = new WarmStart(null, "headroom", Duration.ofDays(14));

  public WarmStart {
    if (clickhouseUrl != null) {
      URI uri;
      try {
        uri = URI.create(clickhouseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "warm-start-clickhouse: '" + masked(clickhouseUrl) + "' is not a URL");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "warm-start-clickhouse: '"
                + masked(clickhouseUrl)
                + "' must be ClickHouse's HTTP endpoint, like http://127.0.0.1:8123");
      }
    }
    if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "warm-start-database: '" + database + "' must be a plain database name");
    }
    if (span == null || span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("warm-start-days: must be >= 1");
    }
  }

  public boolean enabled() {
    return clickhouseUrl != null;
  }

  public WarmStart withDays(int days) {
    return new WarmStart(clickhouseUrl, database, Duration.ofDays(days));
  }

  /** Warm start from {@code url}, {@code database}, the last {@code days}. */
  public static WarmStart from(String url, String database, int days) {
    if (days < 1) {
      throw new IllegalArgumentException("warm-start-days: " + days + " must be >= 1");
    }
    return new WarmStart(url, database, Duration.ofDays(days));
  }

  /** For logs: the URL without its password. */
  public String describe() {
    return enabled()
        ? masked(clickhouseUrl) + " " + database + ".percentile_windows, " + span.toDays() + " days"
        : "off";
  }

  static String masked(String url) {
    return url == null ? null : url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
  }
}
