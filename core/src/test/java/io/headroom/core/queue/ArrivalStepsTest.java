package io.headroom.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArrivalStepsTest {
  static final ArrivalSteps MINUTES = ArrivalSteps.empty(Duration.ofMinutes(1));

  @Test
  void anIntervalAcrossABoundary_isSharedInProportionToTime() {
    ArrivalSteps.Added first = MINUTES.add(0, 15_000, 100);
    assertThat(first.completed()).isEmpty();
    ArrivalSteps.Added second = first.steps().add(15_000, 75_000, 400);
    // 45 of the 60 s fall in the first minute: 300 of the 400 items
    assertThat(second.completed())
        .containsExactly(new ArrivalSteps.Step(Instant.ofEpochMilli(0), 400));
    assertThat(second.steps().start()).isEqualTo(60_000);
    assertThat(second.steps().items()).isEqualTo(100);
    assertThat(second.steps().covered()).isEqualTo(15_000);
  }

  @Test
  void aPartlyCoveredStep_isScaledToTheWholeStep_andCompletesOnItsEnd() {
    ArrivalSteps.Added added = MINUTES.add(30_000, 60_000, 50);
    assertThat(added.completed())
        .containsExactly(new ArrivalSteps.Step(Instant.ofEpochMilli(0), 100));
    assertThat(added.steps().start()).isEqualTo(ArrivalSteps.NONE);
  }

  @Test
  void aLongInterval_isSpreadEvenlyOverTheStepsItSpans() {
    ArrivalSteps.Added added = MINUTES.add(60_000, 240_000, 300);
    assertThat(added.completed())
        .extracting(ArrivalSteps.Step::arrivals)
        .containsExactly(100.0, 100.0, 100.0);
    assertThat(added.completed())
        .extracting(s -> s.start().toEpochMilli())
        .containsExactly(60_000L, 120_000L, 180_000L);
  }

  @Test
  void aBackwardInterval_isRefused() {
    assertThatThrownBy(() -> MINUTES.add(10, 10, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
