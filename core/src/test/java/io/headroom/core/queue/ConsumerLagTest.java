package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KEDA's Kafka scaler restated ({@code kedacore/keda} {@code pkg/scalers/kafka_scaler.go} {@code
 * getLagForPartition}/{@code getTotalLag}, its unit tests in {@code kafka_scaler_test.go} and its
 * e2e tests in {@code tests/scalers/kafka/kafka_test.go}, commit 8b4f083c).
 */
class ConsumerLagTest {
  private static final KafkaLagSettings LATEST = KafkaLagSettings.DEFAULTS;
  private static final KafkaLagSettings EARLIEST =
      KafkaLagSettings.DEFAULTS.withOffsetResetPolicy(OffsetResetPolicy.EARLIEST);

  // TestGetLagForPartition_MissingPartition, its five scenarios

  @Test
  void scenario1_earliest_invalidOffset_scaleToZeroOnInvalidOffset_missingLogEnd_lag0() {
    PartitionOffsets partition = new PartitionOffsets(0, PartitionOffsets.UNKNOWN, -1);
    assertThat(partition.lag(EARLIEST.withScaleToZeroOnInvalidOffset(true))).isZero();
  }

  @Test
  void scenario2_earliest_invalidOffset_missingLogEnd_lag0_notAnError() {
    PartitionOffsets partition = new PartitionOffsets(0, PartitionOffsets.UNKNOWN, -1);
    assertThat(partition.lag(EARLIEST)).isZero();
  }

  @Test
  void scenario3_validOffset_missingLogEnd_lag0() {
    PartitionOffsets partition = new PartitionOffsets(0, PartitionOffsets.UNKNOWN, 100);
    assertThat(partition.lag(EARLIEST)).isZero();
  }

  @Test
  void control_bothOffsets_lagIsLogEndMinusCommitted_150minus100is50() {
    assertThat(PartitionOffsets.committed(0, 150, 100).lag(EARLIEST)).isEqualTo(50);
    assertThat(PartitionOffsets.committed(0, 150, 100).lag(LATEST)).isEqualTo(50);
  }

  @Test
  void control_latest_invalidOffset_scaleToZeroOnInvalidOffset_lag0() {
    assertThat(
            PartitionOffsets.uncommitted(0, 150).lag(LATEST.withScaleToZeroOnInvalidOffset(true)))
        .isZero();
  }

  // the offsetResetPolicy rule for a partition without a committed offset

  @Test
  void latest_noCommittedOffset_countsLag1_soTheGroupWakesUp() {
    assertThat(PartitionOffsets.uncommitted(0, 150).lag(LATEST)).isEqualTo(1);
    assertThat(PartitionOffsets.uncommitted(0, 0).lag(LATEST)).isEqualTo(1);
  }

  @Test
  void earliest_noCommittedOffset_countsTheWholePartition() {
    assertThat(PartitionOffsets.uncommitted(0, 150).lag(EARLIEST)).isEqualTo(150);
  }

  // getTotalLag: the sum, partitions with lag, the cap

  @Test
  void totalLag_sumsThePartitions_andCountsThoseWithLag() {
    ConsumerLag lag =
        ConsumerLag.of(
            List.of(
                PartitionOffsets.committed(0, 10, 4),
                PartitionOffsets.committed(1, 7, 7),
                PartitionOffsets.uncommitted(2, 30)),
            LATEST);
    assertThat(lag.totalLag()).isEqualTo(6 + 0 + 1);
    assertThat(lag.partitionsWithLag()).isEqualTo(2);
    assertThat(lag.partitions()).isEqualTo(3);
    assertThat(lag.metricValue()).isEqualTo(7);
    assertThat(lag.capped()).isFalse();
  }

  @Test
  void cap_lagBeyondPartitionsTimesThreshold_isReportedAsPartitionsTimesThreshold() {
    ConsumerLag lag = ConsumerLag.of(1_000, 12, 12, LATEST.withLagThreshold(10));
    assertThat(lag.metricValue()).isEqualTo(120);
    assertThat(lag.bound()).isEqualTo(12);
    assertThat(lag.capped()).isTrue();
    assertThat(lag.describe())
        .contains("lag 1000 on 12 partitions (12 with lag)")
        .contains("capped at 12 partitions × 10 per replica = 120");
  }

  @Test
  void cap_usesIntegerDivision_soALagJustUnderOneMoreThresholdIsReportedWhole() {
    // upstream: if (totalLag / lagThreshold) > upperBound, int64 division: 39 / 10 = 3, not > 3
    ConsumerLag lag = ConsumerLag.of(39, 3, 3, LATEST.withLagThreshold(10));
    assertThat(lag.metricValue()).isEqualTo(39);
    assertThat(lag.capped()).isFalse();
    assertThat(ConsumerLag.of(40, 3, 3, LATEST.withLagThreshold(10)).metricValue()).isEqualTo(30);
  }

  @Test
  void limitToPartitionsWithLag_capsAtThePartitionsThatHaveLag() {
    ConsumerLag lag =
        ConsumerLag.of(
            List.of(
                PartitionOffsets.committed(0, 106, 100),
                PartitionOffsets.committed(1, 50, 50),
                PartitionOffsets.committed(2, 9, 9)),
            LATEST.withLagThreshold(1).withLimitToPartitionsWithLag(true));
    assertThat(lag.totalLag()).isEqualTo(6);
    assertThat(lag.metricValue()).isEqualTo(1);
    assertThat(lag.bound()).isEqualTo(1);
  }

  @Test
  void allowIdleConsumers_removesTheCap() {
    ConsumerLag lag =
        ConsumerLag.of(1_000, 3, 3, LATEST.withLagThreshold(10).withAllowIdleConsumers(true));
    assertThat(lag.metricValue()).isEqualTo(1_000);
    assertThat(lag.bound()).isEqualTo(-1);
    assertThat(lag.describe()).contains("no partition cap");
  }

  // GetMetricsAndActivity: active when the uncapped total is strictly above the activation

  @Test
  void activation_isStrictlyAboveTheThreshold_onTheUncappedLag() {
    KafkaLagSettings settings = LATEST.withLagThreshold(1).withActivationLagThreshold(1);
    assertThat(ConsumerLag.of(1, 3, 1, settings).active()).isFalse();
    assertThat(ConsumerLag.of(2, 3, 1, settings).active()).isTrue();
    assertThat(ConsumerLag.of(0, 3, 0, LATEST).active()).isFalse();
    assertThat(ConsumerLag.of(1, 3, 1, LATEST).active()).isTrue();
    // capped metric 3, activity still judged on the total of 700
    ConsumerLag capped = ConsumerLag.of(700, 3, 3, LATEST.withActivationLagThreshold(500));
    assertThat(capped.metricValue()).isEqualTo(30);
    assertThat(capped.active()).isTrue();
  }

  // Validate()

  @Test
  void validation_asUpstream() {
    assertThatThrownBy(() -> LATEST.withLagThreshold(0))
        .hasMessageContaining("lagThreshold: 0 must be > 0");
    assertThatThrownBy(() -> LATEST.withActivationLagThreshold(-1))
        .hasMessageContaining("activationLagThreshold");
    assertThatThrownBy(() -> LATEST.withAllowIdleConsumers(true).withLimitToPartitionsWithLag(true))
        .hasMessageContaining("cannot be set simultaneously");
    assertThatThrownBy(() -> ConsumerLag.of(List.of(), LATEST))
        .hasMessageContaining("no partitions");
  }
}
