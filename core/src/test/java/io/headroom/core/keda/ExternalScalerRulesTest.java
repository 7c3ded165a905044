package io.headroom.core.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.keda.TargetStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExternalScalerRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration STALE_AFTER = Duration.ofMinutes(2);
  private final ExternalScalerRules rules = new ExternalScalerRules(STALE_AFTER);

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, replicas, decided at, now, expected state, active
        Arguments.of("fresh 7 replicas -> active", 7, T0, T0.plusSeconds(30), State.ACTIVE, true),
        Arguments.of("decided this instant -> active", 3, T0, T0, State.ACTIVE, true),
        Arguments.of(
            "exactly stale-after old -> still fresh",
            3,
            T0,
            T0.plus(STALE_AFTER),
            State.ACTIVE,
            true),
        Arguments.of(
            "1 ms past stale-after -> stale",
            3,
            T0,
            T0.plus(STALE_AFTER).plusMillis(1),
            State.STALE,
            false),
        Arguments.of(
            "fresh 0 replicas -> idle, not active", 0, T0, T0.plusSeconds(5), State.IDLE, false),
        Arguments.of(
            "stale 0 replicas -> stale", 0, T0, T0.plus(Duration.ofHours(1)), State.STALE, false),
        Arguments.of(
            "dated 10 s ahead of the clock -> fresh (clock skew)",
            4,
            T0.plusSeconds(10),
            T0,
            State.ACTIVE,
            true),
        Arguments.of(
            "dated 1 h ahead of the clock -> stale, never trusted",
            4,
            T0.plus(Duration.ofHours(1)),
            T0,
            State.STALE,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judge(
      String name, int replicas, Instant decidedAt, Instant now, State expected, boolean active) {
    TargetStatus status = rules.judge(new ReplicaCommand("checkout", replicas, decidedAt), now);

    assertThat(status.state()).isEqualTo(expected);
    assertThat(status.active()).isEqualTo(active);
    assertThat(status.replicas()).isEqualTo(replicas);
    assertThat(status.target()).isEqualTo("checkout");
  }

  @Test
  void staleReason_namesTargetAgeAndLimit_inOneLine() {
    TargetStatus old =
        rules.judge(
            new ReplicaCommand("checkout", 5, T0), T0.plus(Duration.ofMinutes(5)).plusMillis(250));
    TargetStatus ahead =
        rules.judge(new ReplicaCommand("checkout", 5, T0.plus(Duration.ofHours(1))), T0);

    assertThat(old.staleReason())
        .isEqualTo("checkout: latest scaling command is 5m old (stale after 2m)");
    assertThat(ahead.staleReason())
        .isEqualTo(
            "checkout: latest scaling command is dated 1h ahead of the clock (stale after 2m)");
  }

  @Test
  void newerDecision_supersedes_olderOneReadLater_doesNot() {
    ReplicaCommand at0 = new ReplicaCommand("checkout", 4, T0);
    ReplicaCommand at1 = new ReplicaCommand("checkout", 9, T0.plusSeconds(15));
    ReplicaCommand at1Again = new ReplicaCommand("checkout", 8, T0.plusSeconds(15));

    assertThat(at0.supersedes(null)).isTrue();
    assertThat(at1.supersedes(at0)).isTrue();
    assertThat(at0.supersedes(at1))
        .as("a replayed older command must not undo a newer one")
        .isFalse();
    assertThat(at1Again.supersedes(at1)).as("same instant: the one read later").isTrue();
  }

  @Test
  void metricName_isDerivedFromTheTarget_andValidForKubernetes() {
    assertThat(ExternalScalerRules.metricName("checkout")).isEqualTo("headroom-replicas-checkout");
    assertThat(ExternalScalerRules.metricName("nasa-web")).isEqualTo("headroom-replicas-nasa-web");
    assertThat(ExternalScalerRules.metricName("Shop/Checkout_v2"))
        .isEqualTo("headroom-replicas-shop-checkout-v2");
  }

  @Test
  void badArguments_nameTheConstraint() {
    assertThatThrownBy(() -> new ExternalScalerRules(Duration.ZERO))
        .hasMessage("staleAfter: PT0S must be > 0");
    assertThatThrownBy(() -> new ReplicaCommand("checkout", -1, T0))
        .hasMessage("replicas: -1 must be >= 0");
    assertThatThrownBy(() -> new ReplicaCommand(" ", 1, T0))
        .hasMessage("target: must not be blank");
  }
}
