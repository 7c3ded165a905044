package io.headroom.core.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them on command lines and in config: {@code 15s}, {@code 2m}, {@code
 * 1h30m}, {@code 7d}, {@code 500ms}, or ISO-8601 ({@code PT15S}). Units: ms, s, m, h, d, w.
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private DurationText() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String trimmed = text.strip().toLowerCase();
    if (trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed.toUpperCase());
      } catch (RuntimeException e) {
        throw invalid(text);
      }
    }
    Matcher matcher = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int position = 0;
    while (matcher.find() && matcher.start() == position) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                case "w" -> Duration.ofDays(7 * amount);
                default -> throw invalid(text);
              });
      position = matcher.end();
    }
    if (position != trimmed.length() || position == 0) {
      throw invalid(text);
    }
    return total;
  }

  /** The shortest text that parses back to {@code duration}, e.g. 90 s as "1m30s". */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long seconds = duration.toSeconds();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (seconds >= sizes[i]) {
        text.append(seconds / sizes[i]).append(units[i]);
        seconds %= sizes[i];
      }
    }
    int millis = duration.toMillisPart();
    if (millis > 0) {
      text.append(millis).append("ms");
    }
    return text.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration (examples: 500ms, 15s, 2m, 1h30m, 7d, 2w)");
  }
}
