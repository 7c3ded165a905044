package io.headroom.streams;

import io.headroom.core.time.DurationText;
import java.time.Duration;

/** Duration settings such as 30s, 1m, 1h, 1d; the error names the key. */
final class Durations {
  private Durations() {}

  static Duration parse(String key, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }
}
