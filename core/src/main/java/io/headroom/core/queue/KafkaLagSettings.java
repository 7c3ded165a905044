package io.headroom.core.queue;

/**
 * The trigger metadata of KEDA's Kafka scaler that shape the metric ({@code
 * pkg/scalers/kafka_scaler.go}), with upstream's defaults and validation.
 *
 * @param lagThreshold {@code lagThreshold}: the AverageValue target, lag per replica (default 10)
 * @param activationLagThreshold {@code activationLagThreshold}: the target is active (scaled from
 *     zero, kept above zero) while the total lag is strictly above this (default 0)
 * @param offsetResetPolicy {@code offsetResetPolicy} (default latest)
 * @param allowIdleConsumers {@code allowIdleConsumers}: no cap at the partition count
 * @param limitToPartitionsWithLag {@code limitToPartitionsWithLag}: cap at the partitions that have
 *     lag instead of all partitions
 * @param scaleToZeroOnInvalidOffset {@code scaleToZeroOnInvalidOffset}: a partition without a
 *     committed offset counts 0
 * @param excludePersistentLag {@code excludePersistentLag}: a partition whose committed offset has
 *     not moved since the previous reading counts 0 in the metric (still in the activation), see
 *     {@link PersistentLag}
 */
public record KafkaLagSettings(
    long lagThreshold,
    long activationLagThreshold,
    OffsetResetPolicy offsetResetPolicy,
    boolean allowIdleConsumers,
    boolean limitToPartitionsWithLag,
    boolean scaleToZeroOnInvalidOffset,
    boolean excludePersistentLag) {
  public static final long DEFAULT_LAG_THRESHOLD = 10;

  public static final KafkaLagSettings DEFAULTS =
      new KafkaLagSettings(
          DEFAULT_LAG_THRESHOLD, 0, OffsetResetPolicy.LATEST, false, false, false, false);

  public KafkaLagSettings {
    if (lagThreshold <= 0) {
      throw new IllegalArgumentException("lagThreshold: " + lagThreshold + " must be > 0");
    }
    if (activationLagThreshold < 0) {
      throw new IllegalArgumentException(
          "activationLagThreshold: " + activationLagThreshold + " must be >= 0");
    }
    if (offsetResetPolicy == null) {
      throw new IllegalArgumentException("offsetResetPolicy: missing, must be latest or earliest");
    }
    if (allowIdleConsumers && limitToPartitionsWithLag) {
      throw new IllegalArgumentException(
          "allowIdleConsumers and limitToPartitionsWithLag cannot be set simultaneously");
    }
  }

  public KafkaLagSettings withLagThreshold(long value) {
    return new KafkaLagSettings(
        value,
        activationLagThreshold,
        offsetResetPolicy,
        allowIdleConsumers,
        limitToPartitionsWithLag,
        scaleToZeroOnInvalidOffset,
        excludePersistentLag);
  }

  public KafkaLagSettings withActivationLagThreshold(long value) {
    return new KafkaLagSettings(
        lagThreshold,
        value,
        offsetResetPolicy,
        allowIdleConsumers,
        limitToPartitionsWithLag,
        scaleToZeroOnInvalidOffset,
        excludePersistentLag);
  }

  public KafkaLagSettings withOffsetResetPolicy(OffsetResetPolicy value) {
    return new KafkaLagSettings(
        lagThreshold,
        activationLagThreshold,
        value,
        allowIdleConsumers,
        limitToPartitionsWithLag,
        scaleToZeroOnInvalidOffset,
        excludePersistentLag);
  }

  public KafkaLagSettings withAllowIdleConsumers(boolean value) {
    return new KafkaLagSettings(
        lagThreshold,
        activationLagThreshold,
        offsetResetPolicy,
        value,
        limitToPartitionsWithLag,
        scaleToZeroOnInvalidOffset,
        excludePersistentLag);
  }

  public KafkaLagSettings withLimitToPartitionsWithLag(boolean value) {
    return new KafkaLagSettings(
        lagThreshold,
        activationLagThreshold,
        offsetResetPolicy,
        allowIdleConsumers,
        value,
        scaleToZeroOnInvalidOffset,
        excludePersistentLag);
  }

  public KafkaLagSettings withScaleToZeroOnInvalidOffset(boolean value) {
    return new KafkaLagSettings(
        lagThreshold,
        activationLagThreshold,
        offsetResetPolicy,
        allowIdleConsumers,
        limitToPartitionsWithLag,
        value,
        excludePersistentLag);
  }

  public KafkaLagSettings withExcludePersistentLag(boolean value) {
    return new KafkaLagSettings(
        lagThreshold,
        activationLagThreshold,
        offsetResetPolicy,
        allowIdleConsumers,
        limitToPartitionsWithLag,
        scaleToZeroOnInvalidOffset,
        value);
  }
}
