package io.headroom.flink.kafka;

import java.time.Duration;

/**
 * The settings every job's Kafka source is built from ({@link KafkaIo#read}); the jobs' settings
 * records implement it.
 */
public interface KafkaJobSettings {
  /** Broker, client properties and delivery guarantee. */
  KafkaSettings kafka();

  /** Consumer group of the source (offsets committed for monitoring). */
  String groupId();

  /** Watermark bound: how late a record may arrive relative to the newest. */
  Duration outOfOrderness();

  /**
   * A partition without records for this long stops holding back event time; 0 turns detection off.
   */
  Duration idleness();

  /**
   * Checks the values of these settings, as each job's settings do at start-up; a message names the
   * option.
   */
  static void check(String groupId, Duration outOfOrderness, Duration idleness) {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("group-id: missing, must be a name");
    }
    if (outOfOrderness == null || outOfOrderness.isNegative()) {
      throw new IllegalArgumentException("out-of-orderness: " + outOfOrderness + " must be >= 0");
    }
    if (idleness == null || idleness.isNegative()) {
      throw new IllegalArgumentException(
          "idleness: " + idleness + " must be >= 0 (0 turns idleness detection off)");
    }
  }
}
