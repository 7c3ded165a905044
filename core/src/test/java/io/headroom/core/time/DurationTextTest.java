package io.headroom.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
  @ParameterizedTest
  @CsvSource({
    "15s, PT15S",
    "2m, PT2M",
    "1h30m, PT1H30M",
    "7d, PT168H",
    "2w, PT336H",
    "500ms, PT0.5S",
    "PT45S, PT45S"
  })
  void parses(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "15", "s", "1x", "1h 30m", "-5s", "1.5h"})
  void rejectsWithAnExample(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"90s", "1h", "1d2h3m4s", "250ms"})
  void formatParsesBack(String text) {
    Duration duration = DurationText.parse(text);
    assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
  }
}
