package io.headroom.gateway.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns samples of cumulative counters into per-second rates, one series at a time, with the reset
 * rule of Prometheus' {@code rate()}: a value below the previous one means the counter restarted
 * from zero in between, so the increase over that interval is the new value itself.
 *
 * <p>State is the last (time, value) of each series, at most {@code maxSeries} of them (about 150
 * bytes each with the key): when a new series would exceed the bound, the series updated least
 * recently is forgotten, and its next sample counts as a first sample again (no rate, as after a
 * gateway restart). Not thread-safe; the caller serialises access.
 */
public final class CounterRates {
  /**
   * What one sample gave. {@code perSecond} is meaningful for {@link Kind#RATE} and {@link
   * Kind#RESET} only.
   */
  public record Step(Kind kind, double perSecond) {
    public enum Kind {
      /** Increase over the interval since the previous sample, per second. */
      RATE,
      /** The counter restarted: the new value, per second of the interval. */
      RESET,
      /**
       * First sample of the series (or first since it was forgotten): nothing to compare with yet.
       */
      FIRST,
      /**
       * Not later than the previous sample (a resend or out of order): ignored, state unchanged.
       */
      NOT_NEWER
    }
  }

  /**
   * What one sample gave, as an amount: the increase since the previous sample of the series, over
   * {@code sinceMillis}. Meaningful for {@link Step.Kind#RATE} and {@link Step.Kind#RESET} only.
   */
  public record Increase(Step.Kind kind, double amount, long sinceMillis) {}

  private record Last(long timestampMillis, double value) {}

  private final int maxSeries;
  private long evicted;
  private final LinkedHashMap<String, Last> last;

  public CounterRates(int maxSeries) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries: " + maxSeries + " must be >= 1");
    }
    this.maxSeries = maxSeries;
    this.last =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
            if (size() > CounterRates.this.maxSeries) {
              evicted++;
              return true;
            }
            return false;
          }
        };
  }

  /**
   * The step for sample ({@code timestampMillis}, {@code value}) of {@code series}; value must be a
   * number.
   */
  public Step next(String series, long timestampMillis, double value) {
    Increase increase = increase(series, timestampMillis, value);
    return switch (increase.kind()) {
      case RATE, RESET ->
          new Step(increase.kind(), increase.amount() / (increase.sinceMillis() / 1000.0));
      case FIRST, NOT_NEWER -> new Step(increase.kind(), Double.NaN);
    };
  }

  /**
   * The increase of {@code series} up to sample ({@code timestampMillis}, {@code value}), with the
   * same reset rule as {@link #next}: what OTLP's cumulative sums become (deltas).
   */
  public Increase increase(String series, long timestampMillis, double value) {
    Last previous = last.get(series);
    if (previous == null) {
      last.put(series, new Last(timestampMillis, value));
      return new Increase(Step.Kind.FIRST, Double.NaN, 0);
    }
    if (timestampMillis <= previous.timestampMillis()) {
      return new Increase(Step.Kind.NOT_NEWER, Double.NaN, 0);
    }
    last.put(series, new Last(timestampMillis, value));
    long since = timestampMillis - previous.timestampMillis();
    if (value < previous.value()) {
      return new Increase(Step.Kind.RESET, value, since);
    }
    return new Increase(Step.Kind.RATE, value - previous.value(), since);
  }

  /** Drops the state of a series that ended (a staleness marker). */
  public void forget(String series) {
    last.remove(series);
  }

  /** Series currently held. */
  public int size() {
    return last.size();
  }

  /** Series forgotten so far to stay within the bound. */
  public long evicted() {
    return evicted;
  }
}
