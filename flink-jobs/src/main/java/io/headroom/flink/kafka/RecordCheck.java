package io.headroom.flink.kafka;

import java.io.Serializable;

/** Checks a decoded record; returns why it cannot be used, or null when it can. */
@FunctionalInterface
public interface RecordCheck<T> extends Serializable {
  String problem(T value);
}
