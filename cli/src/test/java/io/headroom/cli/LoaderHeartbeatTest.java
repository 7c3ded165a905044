package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoaderHeartbeatTest {
  @Test
  void eachLine_countsTheRowsSinceTheLastOne_andTheTotals() {
    Map<String, Long> rows = new HashMap<>(Map.of("metric_events", 1200L, "alerts", 0L));
    LoaderHeartbeat heartbeat = new LoaderHeartbeat(List.of("metric_events", "alerts"));

    assertThat(heartbeat.line(rows::get, t -> 3L, "HEALTHY"))
        .isEqualTo(
            "loader: metric_events +1,200 alerts +0; 1,200 rows in all, 6 refused; workers HEALTHY");
    rows.put("metric_events", 1500L);
    rows.put("alerts", 2L);
    assertThat(heartbeat.line(rows::get, t -> 3L, "DEGRADED"))
        .isEqualTo(
            "loader: metric_events +300 alerts +2; 1,502 rows in all, 6 refused; workers DEGRADED");
  }
}
