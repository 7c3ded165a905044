package io.headroom.gateway;

import io.headroom.gateway.mapping.Drop;
import io.headroom.gateway.mapping.SeriesMapper;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Running totals since start: requests by outcome, events produced, samples dropped by reason. */
public final class GatewayStats {
  private final LongAdder accepted = new LongAdder();
  private final LongAdder badRequests = new LongAdder();
  private final LongAdder unauthorized = new LongAdder();
  private final LongAdder overloaded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder produced = new LongAdder();
  private final LongAdder counterResets = new LongAdder();
  private final LongAdder kafkaMessages = new LongAdder();
  private final LongAdder deadLetters = new LongAdder();
  private final Map<Drop, LongAdder> dropped = new EnumMap<>(Drop.class);

  GatewayStats() {
    for (Drop reason : Drop.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  void add(SeriesMapper.Result result) {
    result.dropped().forEach((reason, n) -> dropped.get(reason).add(n));
    counterResets.add(result.counterResets());
  }

  void accepted(int events) {
    accepted.increment();
    produced.add(events);
  }

  /** One OTLP message from Kafka whose events were acknowledged. */
  void consumed(int events) {
    kafkaMessages.increment();
    produced.add(events);
  }

  void deadLettered() {
    deadLetters.increment();
  }

  /** OTLP messages read from Kafka and published. */
  public long kafkaMessages() {
    return kafkaMessages.sum();
  }

  /** OTLP messages from Kafka sent to the dead-letter topic. */
  public long deadLetters() {
    return deadLetters.sum();
  }

  void badRequest() {
    badRequests.increment();
  }

  void unauthorized() {
    unauthorized.increment();
  }

  void overloaded() {
    overloaded.increment();
  }

  void failed() {
    failed.increment();
  }

  /** Requests answered 204. */
  public long acceptedRequests() {
    return accepted.sum();
  }

  public long badRequests() {
    return badRequests.sum();
  }

  public long unauthorizedRequests() {
    return unauthorized.sum();
  }

  /** Requests answered 503 because the in-flight bound was reached. */
  public long overloadedRequests() {
    return overloaded.sum();
  }

  /** Requests answered 503 because Kafka did not acknowledge in time or failed. */
  public long failedRequests() {
    return failed.sum();
  }

  /** Events the broker acknowledged. */
  public long producedEvents() {
    return produced.sum();
  }

  public long counterResets() {
    return counterResets.sum();
  }

  public long dropped(Drop reason) {
    return dropped.get(reason).sum();
  }

  /** One line for the periodic log. */
  public String summary() {
    StringBuilder line =
        new StringBuilder()
            .append("requests ok=")
            .append(acceptedRequests())
            .append(" bad=")
            .append(badRequests())
            .append(" unauthorized=")
            .append(unauthorizedRequests())
            .append(" overloaded=")
            .append(overloadedRequests())
            .append(" failed=")
            .append(failedRequests())
            .append("; kafka messages ok=")
            .append(kafkaMessages())
            .append(" dead-lettered=")
            .append(deadLetters())
            .append("; events produced=")
            .append(producedEvents())
            .append(" counter resets=")
            .append(counterResets())
            .append("; dropped");
    for (Drop reason : Drop.values()) {
      line.append(' ')
          .append(reason.name().toLowerCase(java.util.Locale.ROOT))
          .append('=')
          .append(dropped(reason));
    }
    return line.toString();
  }
}
