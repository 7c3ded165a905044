package io.headroom.schemas;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.metric.MetricSample;

/** Translates between the wire record and core's sample. */
public final class MetricEventMapper {
  private static final MetricKind[] CORE_KINDS = coreKinds();

  private MetricEventMapper() {}

  public static MetricSample toSample(MetricEvent event) {
    return new MetricSample(
        event.getService(),
        event.getInstance(),
        event.getMetric(),
        toCoreKind(event.getKind()),
        event.getValue(),
        event.getUnit(),
        event.getEventTime());
  }

  public static MetricEvent toEvent(String eventId, MetricSample sample) {
    return MetricEvent.newBuilder()
        .setEventId(eventId)
        .setService(sample.service())
        .setInstance(sample.instance())
        .setMetric(sample.metric())
        .setKind(toWireKind(sample.kind()))
        .setValue(sample.value())
        .setUnit(sample.unit() == null ? "" : sample.unit())
        .setEventTime(sample.eventTime())
        .build();
  }

  /** The wire kind of a core kind (the same constants). */
  public static io.headroom.schemas.MetricKind toWireKind(MetricKind kind) {
    return io.headroom.schemas.MetricKind.valueOf(kind.name());
  }

  /**
   * The core kind of a wire kind; the two enums have the same constants (looked up by ordinal, no
   * hashing).
   */
  public static MetricKind toCoreKind(io.headroom.schemas.MetricKind kind) {
    return CORE_KINDS[kind.ordinal()];
  }

  private static MetricKind[] coreKinds() {
    io.headroom.schemas.MetricKind[] wire = io.headroom.schemas.MetricKind.values();
    MetricKind[] core = new MetricKind[wire.length];
    for (int i = 0; i < wire.length; i++) {
      core[i] = MetricKind.valueOf(wire[i].name());
    }
    return core;
  }

  /** A stable id from the sample's identity, for producers that have none of their own. */
  public static String stableId(MetricSample sample, int sequence) {
    return sample.service()
        + "/"
        + sample.instance()
        + "/"
        + sample.metric()
        + "/"
        + sample.eventTime().toEpochMilli()
        + "/"
        + sequence;
  }
}
