package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventIdSetTest {
  @Test
  void anIdIsCountedOnce_amongManyDistinctOnes() {
    EventIdSet ids = new EventIdSet();
    for (int i = 0; i < 50_000; i++) {
      assertThat(ids.add(EventIdSet.hash("svc/pod-0/latency_ms/" + i))).isTrue();
    }
    for (int i = 0; i < 50_000; i += 7) {
      assertThat(ids.add(EventIdSet.hash("svc/pod-0/latency_ms/" + i))).isFalse();
    }
  }

  @Test
  void theHashIsStable_becauseTheChangelogKeepsIt() {
    assertThat(EventIdSet.hash("e1")).isEqualTo(EventIdSet.hash(new StringBuilder("e1")));
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      distinct.add(EventIdSet.hash("e" + i) & 0xFFFF); // the low bits pick the slot
    }
    assertThat(distinct).hasSizeGreaterThan(8_000);
  }

  @Test
  void eachIdReachesTheChangelogOnce_andAChunkRestoresIt() {
    EventIdSet counted = new EventIdSet();
    counted.add(1);
    counted.add(2);
    byte[] first = counted.takeUnflushed();
    counted.add(3);
    counted.add(2);
    byte[] second = counted.takeUnflushed();
    assertThat(first).hasSize(16);
    assertThat(second).hasSize(8);
    assertThat(counted.hasUnflushed()).isFalse();

    EventIdSet restored = new EventIdSet();
    restored.restore(1, second);
    restored.restore(0, first);
    assertThat(restored.chunksWritten()).isEqualTo(2);
    assertThat(restored.hasUnflushed()).isFalse();
    assertThat(restored.add(3)).isFalse();
    assertThat(restored.add(1)).isFalse();
    assertThat(restored.add(4)).isTrue();
  }

  @Test
  void theHashThatMarksAFreeSlot_isStillAnId() {
    EventIdSet ids = new EventIdSet();
    assertThat(ids.add(0)).isTrue();
    assertThat(ids.add(0)).isFalse();
  }
}
