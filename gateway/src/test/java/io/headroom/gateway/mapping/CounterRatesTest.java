package io.headroom.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.gateway.mapping.CounterRates.Step;
import org.junit.jupiter.api.Test;

class CounterRatesTest {
  private static final long T0 = 1_790_000_000_000L;
  private static final String SERIES = "http_requests_total{code=\"200\"}";

  @Test
  void firstSample_givesNoRate_secondGivesIncreasePerSecond() {
    CounterRates rates = new CounterRates(10);

    assertThat(rates.next(SERIES, T0, 100).kind()).isEqualTo(Step.Kind.FIRST);
    assertThat(rates.next(SERIES, T0 + 2_000, 130)).isEqualTo(new Step(Step.Kind.RATE, 15.0));
    assertThat(rates.next(SERIES, T0 + 2_500, 130)).isEqualTo(new Step(Step.Kind.RATE, 0.0));
  }

  @Test
  void valueBelowPrevious_isAReset_increaseIsTheNewValue() {
    // The naive difference, (4 - 130) / 2 s = -63/s, would be a negative rate; like Prometheus'
    // rate(),
    // a drop means the counter restarted from 0, so the increase is 4 over the 2 s.
    CounterRates rates = new CounterRates(10);
    rates.next(SERIES, T0, 130);

    assertThat(rates.next(SERIES, T0 + 2_000, 4)).isEqualTo(new Step(Step.Kind.RESET, 2.0));
    assertThat(rates.next(SERIES, T0 + 3_000, 10)).isEqualTo(new Step(Step.Kind.RATE, 6.0));
  }

  @Test
  void sampleNotLaterThanPrevious_isIgnored_stateUnchanged() {
    CounterRates rates = new CounterRates(10);
    rates.next(SERIES, T0, 100);
    rates.next(SERIES, T0 + 1_000, 110);

    assertThat(rates.next(SERIES, T0 + 1_000, 110).kind()).isEqualTo(Step.Kind.NOT_NEWER);
    assertThat(rates.next(SERIES, T0 + 500, 105).kind()).isEqualTo(Step.Kind.NOT_NEWER);
    assertThat(rates.next(SERIES, T0 + 2_000, 120)).isEqualTo(new Step(Step.Kind.RATE, 10.0));
  }

  @Test
  void pastTheBound_leastRecentlyUpdatedSeriesIsForgotten() {
    CounterRates rates = new CounterRates(2);
    rates.next("a", T0, 1);
    rates.next("b", T0, 1);
    rates.next("a", T0 + 1_000, 2);
    rates.next("c", T0, 1);

    assertThat(rates.size()).isEqualTo(2);
    assertThat(rates.evicted()).isEqualTo(1);
    assertThat(rates.next("b", T0 + 1_000, 2).kind())
        .as("b was the least recently updated")
        .isEqualTo(Step.Kind.FIRST);
    assertThat(rates.next("c", T0 + 1_000, 3).kind()).isEqualTo(Step.Kind.RATE);
  }

  @Test
  void forget_makesTheNextSampleAFirstOne() {
    CounterRates rates = new CounterRates(10);
    rates.next(SERIES, T0, 100);
    rates.forget(SERIES);

    assertThat(rates.next(SERIES, T0 + 1_000, 110).kind()).isEqualTo(Step.Kind.FIRST);
  }

  @Test
  void boundBelowOne_isRefusedNamingTheConstraint() {
    assertThatThrownBy(() -> new CounterRates(0)).hasMessage("maxSeries: 0 must be >= 1");
  }
}
