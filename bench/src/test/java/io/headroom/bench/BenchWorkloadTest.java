package io.headroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.schemas.MetricEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchWorkloadTest {
  @Test
  void later_movesEveryEventAndTimestamp_andKeepsEverythingElse() {
    BenchWorkload workload = BenchWorkload.generate(2_000, 5);
    Duration by = Duration.ofHours(14);

    BenchWorkload moved = workload.later(by);

    assertThat(moved.size()).isEqualTo(workload.size());
    List<MetricEvent> original = new ArrayList<>();
    workload.events().forEach(original::add);
    int i = 0;
    for (MetricEvent event : moved.events()) {
      MetricEvent before = original.get(i);
      assertThat(event.getEventTime()).isEqualTo(before.getEventTime().plus(by));
      event.setEventTime(before.getEventTime());
      assertThat(event).isEqualTo(before);
      assertThat(moved.key(i)).isEqualTo(workload.key(i));
      assertThat(moved.timestamp(i)).isEqualTo(workload.timestamp(i) + by.toMillis());
      i++;
    }
    assertThat(moved.latencySamples()).isEqualTo(workload.latencySamples());
    assertThat(workload.later(Duration.ZERO)).isSameAs(workload);
  }
}
