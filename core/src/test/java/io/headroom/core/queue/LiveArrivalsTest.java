package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.forecast.ForecastPoint;
import io.headroom.core.forecast.ForecasterCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveArrivalsTest {
  static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();

  /** Two partitions whose log-end offsets grow by {@code perPartition} every reading. */
  static LagReading reading(int n, long perPartition) {
    long end = 1000 + n * perPartition;
    return LagReading.of(
        T0 + n * 15_000L,
        List.of(PartitionOffsets.committed(0, end, 900), PartitionOffsets.committed(1, end, 900)));
  }

  @Test
  void growth_sumsTheLogEndsThatGrew_overThePartitionsKnownToBoth() {
    assertThat(LiveArrivals.growth(Map.of(0, 100L, 1, 50L), Map.of(0, 160L, 1, 40L, 2, 7L)))
        .as("60 on p0, a truncated p1 counts 0, p2 is new")
        .isEqualTo(60);
  }

  @Test
  void theArrivalsOfEachMinute_feedTheModel_whichForecastsThemOnceTrusted() {
    LiveArrivals arrivals = new LiveArrivals("naive", Duration.ofMinutes(1), 4);
    QueueMemory memory = arrivals.observe(QueueMemory.EMPTY, reading(0, 0));
    assertThat(memory.lastReading()).isEqualTo(T0);
    assertThat(memory.model()).as("nothing measured yet").isNull();
    int n = 1;
    // 125 per partition per 15 s: 1000 items a minute
    for (; memory.forecast().isEmpty(); n++) {
      memory = arrivals.observe(memory, reading(n, 125));
      assertThat(n).as("naive is trusted after 10 steps").isLessThanOrEqualTo(11 * 4);
    }
    assertThat(memory.model()).isEqualTo("naive");
    assertThat(memory.forecast()).hasSize(4);
    ForecastPoint next = memory.forecast().get(0);
    assertThat(next.value()).isEqualTo(1000.0);
    assertThat(next.timestamp().toEpochMilli() % 60_000).isZero();
    assertThat(next.timestamp().toEpochMilli())
        .as("the first forecast step is the one in progress")
        .isEqualTo((T0 + (n - 1) * 15_000L) / 60_000 * 60_000);
    assertThat(ForecasterCodec.decode(memory.forecaster()).name()).isEqualTo("naive");

    // another model in the targets file: its history is not this one's, it starts again
    LiveArrivals growth = new LiveArrivals("growth", Duration.ofMinutes(1), 4);
    QueueMemory switched = memory;
    for (int k = 0; k < 4; k++, n++) {
      switched = growth.observe(switched, reading(n, 125));
    }
    assertThat(switched.model()).isEqualTo("growth");
    assertThat(switched.forecast()).as("growth is untrusted before 14 days").isEmpty();
  }

  @Test
  void aReadingOutOfOrder_restartsTheMeasurement_withoutArrivals() {
    LiveArrivals arrivals = new LiveArrivals("naive", Duration.ofMinutes(1), 4);
    QueueMemory memory = arrivals.observe(QueueMemory.EMPTY, reading(4, 100));
    QueueMemory back = arrivals.observe(memory, reading(2, 100));
    assertThat(back.lastReading()).isEqualTo(T0 + 30_000);
    assertThat(back.steps()).isEqualTo(memory.steps());
    assertThat(back.logEnds()).isEqualTo(Map.of(0, 1200L, 1, 1200L));
  }
}
