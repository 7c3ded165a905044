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
    Last previous = last.get(series);
    if (previous == null) {
      last.put(series, new Last(timestampMillis, value));
      return new Step(Step.Kind.FIRST, Double.NaN);
    }
    if (timestampMillis <= previous.timestampMillis()) {
      return new Step(Step.Kind.NOT_NEWER, Double.NaN);
    }
    last.put(series, new Last(timestampMillis, value));
    double seconds = (timestampMillis - previous.timestampMillis()) / 1000.0;
    if (value < previous.value()) {
      return new Step(Step.Kind.RESET, value / seconds);
    }
    return new Step(Step.Kind.RATE, (value - previous.value()) / seconds);
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
