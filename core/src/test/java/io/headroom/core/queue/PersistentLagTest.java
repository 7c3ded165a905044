package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * KEDA's {@code excludePersistentLag} ({@code getLagForPartition}, {@code getTotalLag} and {@code
 * GetMetricsAndActivity} in {@code pkg/scalers/kafka_scaler.go}), case by case.
 */
class PersistentLagTest {
  static final KafkaLagSettings EXCLUDING =
      KafkaLagSettings.DEFAULTS.withLagThreshold(10).withExcludePersistentLag(true);

  @Test
  void firstSight_counts_sameOffset_isLeftOut_moved_countsAgain_earlyReturns_areNotRemembered() {
    // p2 has no committed offset (latest: lag 1), p3 no log-end offset (lag 0): both return
    // before upstream's check, so they are neither compared nor remembered
    List<PartitionOffsets> first =
        List.of(
            PartitionOffsets.committed(0, 150, 100),
            PartitionOffsets.committed(1, 80, 60),
            PartitionOffsets.uncommitted(2, 40),
            PartitionOffsets.committed(3, PartitionOffsets.UNKNOWN, 10));
    PersistentLag.Measured one = PersistentLag.measure(first, EXCLUDING, Map.of());
    assertThat(one.lag().totalLag()).isEqualTo(50 + 20 + 1);
    assertThat(one.lag().persistentLag()).isZero();
    assertThat(one.lag().partitionsWithLag()).isEqualTo(3);
    assertThat(one.previousOffsets()).isEqualTo(Map.of(0, 100L, 1, 60L));

    // p0 still at 100 while 70 behind: left out; p1 moved to 75: counted and remembered
    List<PartitionOffsets> second =
        List.of(
            PartitionOffsets.committed(0, 170, 100),
            PartitionOffsets.committed(1, 90, 75),
            PartitionOffsets.uncommitted(2, 40),
            PartitionOffsets.committed(3, PartitionOffsets.UNKNOWN, 10));
    PersistentLag.Measured two = PersistentLag.measure(second, EXCLUDING, one.previousOffsets());
    assertThat(two.lag().totalLag()).isEqualTo(15 + 1);
    assertThat(two.lag().persistentLag()).isEqualTo(70);
    assertThat(two.lag().partitionsWithLag()).isEqualTo(2); // upstream counts lag > 0 after
    assertThat(two.lag().active()).isTrue();
    assertThat(two.previousOffsets()).isEqualTo(Map.of(0, 100L, 1, 75L));
    assertThat(two.lag().describe()).contains("70 more left out as persistent");

    // p0 moves on: its lag counts again and the new offset is remembered
    List<PartitionOffsets> third =
        List.of(PartitionOffsets.committed(0, 170, 120), PartitionOffsets.committed(1, 90, 75));
    PersistentLag.Measured three = PersistentLag.measure(third, EXCLUDING, two.previousOffsets());
    assertThat(three.lag().totalLag()).isEqualTo(50);
    assertThat(three.lag().persistentLag()).isEqualTo(15);
    assertThat(three.previousOffsets()).isEqualTo(Map.of(0, 120L, 1, 75L));
  }

  /** Upstream's activity is {@code totalLagWithPersistent > activationLagThreshold}. */
  @Test
  void allStuck_metricZero_butStillActive_soTheTargetIsNotScaledToZero() {
    KafkaLagSettings settings = EXCLUDING.withActivationLagThreshold(5);
    List<PartitionOffsets> stuck =
        List.of(PartitionOffsets.committed(0, 30, 20), PartitionOffsets.committed(1, 9, 7));
    Map<Integer, Long> memory = PersistentLag.measure(stuck, settings, Map.of()).previousOffsets();
    ConsumerLag lag = PersistentLag.measure(stuck, settings, memory).lag();
    assertThat(lag.totalLag()).isZero();
    assertThat(lag.metricValue()).isZero();
    assertThat(lag.partitionsWithLag()).isZero();
    assertThat(lag.persistentLag()).isEqualTo(12);
    assertThat(lag.active()).isTrue();

    List<PartitionOffsets> barely =
        List.of(PartitionOffsets.committed(0, 23, 20), PartitionOffsets.committed(1, 9, 7));
    assertThat(PersistentLag.measure(barely, settings, memory).lag().active())
        .as("lag with persistent 5 is not above the activation threshold 5")
        .isFalse();
  }

  @Test
  void withoutTheOption_theLagIsConsumerLags_andTheMemoryIsUntouched() {
    KafkaLagSettings plain = KafkaLagSettings.DEFAULTS.withLagThreshold(10);
    List<PartitionOffsets> offsets =
        List.of(PartitionOffsets.committed(0, 170, 100), PartitionOffsets.committed(1, 90, 75));
    Map<Integer, Long> memory = Map.of(0, 100L);
    PersistentLag.Measured measured = PersistentLag.measure(offsets, plain, memory);
    assertThat(measured.lag()).isEqualTo(ConsumerLag.of(offsets, plain));
    assertThat(measured.lag().totalLag()).isEqualTo(85);
    assertThat(measured.previousOffsets()).isEqualTo(memory);
  }

  @Test
  void theCap_appliesToTheLagLeftAfterTheExclusion() {
    // 3 partitions, threshold 10: p0 stuck with 500 behind, p1 and p2 moving with 40 each
    Map<Integer, Long> memory = Map.of(0, 0L, 1, 0L, 2, 0L);
    List<PartitionOffsets> offsets =
        List.of(
            PartitionOffsets.committed(0, 500, 0),
            PartitionOffsets.committed(1, 50, 10),
            PartitionOffsets.committed(2, 50, 10));
    ConsumerLag lag = PersistentLag.measure(offsets, EXCLUDING, memory).lag();
    assertThat(lag.totalLag()).isEqualTo(80);
    assertThat(lag.metricValue()).as("80 / 10 = 8 > 3 partitions: capped at 3 × 10").isEqualTo(30);
    ConsumerLag limited =
        PersistentLag.measure(offsets, EXCLUDING.withLimitToPartitionsWithLag(true), memory).lag();
    assertThat(limited.metricValue()).as("capped at the 2 partitions with lag").isEqualTo(20);
  }
}
