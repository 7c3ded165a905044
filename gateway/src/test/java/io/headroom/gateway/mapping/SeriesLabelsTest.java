package io.headroom.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesLabelsTest {

  @Test
  void keyBytesAreTheKeyInUtf8WhateverTheLabels() {
    List<Map<String, String>> cases =
        List.of(
            Map.of("__name__", "up"),
            Map.of("__name__", "up", "job", "api"),
            Map.of("__name__", "http_requests_total", "code", "200", "job", "api", "zone", "b"),
            Map.of("a", "1", "b", "2"),
            Map.of("job", "api"),
            Map.of("__name__", "up", "a", "", "zz", "x"),
            Map.of("__name__", "up", "city", "Zürich"),
            Map.of("__name__", "größe", "job", "api"),
            Map.of("ünit", "x", "job", "api"));
    for (Map<String, String> labels : cases) {
      SeriesLabels series = SeriesLabels.copyOf(new TreeMap<>(labels));
      assertThat(series.keyUtf8())
          .as("%s", labels)
          .isEqualTo(series.key().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theKeyNamesTheMetricThenItsLabelsInNameOrder() {
    SeriesLabels series =
        SeriesLabels.copyOf(new TreeMap<>(Map.of("job", "api", "__name__", "up", "a", "1")));

    assertThat(new String(series.keyUtf8(), StandardCharsets.UTF_8))
        .isEqualTo("up{a=\"1\",job=\"api\"}");
  }
}
