package io.headroom.flink.kafka;

import java.io.Serializable;

/**
 * Decodes the value of a record read from {@code topic}; throws with a one-line reason when it
 * cannot.
 */
@FunctionalInterface
public interface TopicDecoder<T> extends Serializable {
  T decode(String topic, byte[] value);
}
