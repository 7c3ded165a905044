package io.headroom.core.scaling;

import static io.headroom.core.scaling.HpaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Successive histories share their arrays (a decision appends in place and prunes by starting the
 * view later); these tests pin that every history still behaves as the immutable value it was.
 */
class ScalingHistorySharingTest {
  private static final Behavior DEFAULTS = Behavior.defaults(); // windows 0/300 s, periods 15 s

  private static ScalingHistory.Recommendation rec(int secondsAgo, int replicas) {
    return new ScalingHistory.Recommendation(T0.minusSeconds(secondsAgo), replicas);
  }

  @Test
  void appendingTwiceToOneHistory_givesTwoHistoriesEachWithItsOwnEntry() {
    ScalingHistory base =
        ScalingHistory.empty().withRecommendation(T0, 3).withRecommendation(T0.plusSeconds(15), 4);
    ScalingHistory first = base.withRecommendation(T0.plusSeconds(30), 5);
    ScalingHistory second = base.withRecommendation(T0.plusSeconds(30), 9);
    assertThat(base.recommendations())
        .extracting(ScalingHistory.Recommendation::replicas)
        .containsExactly(3, 4);
    assertThat(first.recommendations())
        .extracting(ScalingHistory.Recommendation::replicas)
        .containsExactly(3, 4, 5);
    assertThat(second.recommendations())
        .extracting(ScalingHistory.Recommendation::replicas)
        .containsExactly(3, 4, 9);
  }

  @Test
  void decisionsEvery15s_leaveEveryEarlierHistoryAsItWas() {
    ScalingEngine engine = ScalingEngine.withDefaults();
    HpaSpec spec = HpaSpec.cpu(1, 100, 70);
    List<ScalingHistory> histories = new ArrayList<>();
    List<ScalingHistory> snapshots = new ArrayList<>();
    ScalingHistory history = ScalingHistory.empty();
    int replicas = 4;
    for (int i = 0; i < 200; i++) {
      double cpu = i % 5 == 0 ? 99 : 30;
      ScalingDecision decision =
          engine.decide(
              spec,
              Observation.aggregate(replicas, Map.of("cpu", cpu)),
              history,
              T0.plusSeconds(15L * i));
      history = decision.history();
      replicas = decision.to();
      histories.add(history);
      snapshots.add(
          new ScalingHistory(
              List.copyOf(history.recommendations()),
              List.copyOf(history.scaleUps()),
              List.copyOf(history.scaleDowns())));
      if (i % 7 == 3) {
        history.withRecommendation(T0.plusSeconds(15L * i + 1), 77); // a branch nobody keeps
      }
    }
    assertThat(histories).isEqualTo(snapshots);
  }

  @Test
  void prune_dropsEntriesWhereverTheyAre_whenTheyAreNotInTimeOrder() {
    ScalingHistory history =
        new ScalingHistory(
            List.of(rec(10, 1), rec(400, 2), rec(20, 3), rec(300, 4), rec(5, 5)),
            List.of(),
            List.of());
    ScalingHistory pruned = history.prune(T0, DEFAULTS);
    assertThat(pruned.recommendations()).containsExactly(rec(10, 1), rec(20, 3), rec(5, 5));
    assertThat(pruned.withRecommendation(T0, 6).recommendations())
        .containsExactly(rec(10, 1), rec(20, 3), rec(5, 5), rec(0, 6));
    assertThat(history.recommendations()).hasSize(5);
  }

  @Test
  void lists_equalAndHashAsListOf_andPrintTheSame() {
    ScalingHistory history = ScalingHistory.empty().withRecommendation(T0, 3).withScale(T0, 3, 5);
    ScalingHistory plain =
        new ScalingHistory(
            List.of(new ScalingHistory.Recommendation(T0, 3)),
            List.of(new ScalingHistory.ScaleEvent(T0, 2)),
            List.of());
    assertThat(history).isEqualTo(plain).hasSameHashCodeAs(plain).hasToString(plain.toString());
    assertThat(history.recommendations())
        .isEqualTo(List.of(new ScalingHistory.Recommendation(T0, 3)));
    assertThat(history.recommendations())
        .hasSameHashCodeAs(List.of(new ScalingHistory.Recommendation(T0, 3)));
  }

  @Test
  void concurrentAppendsToOneHistory_eachGetItsOwnEntry() throws Exception {
    ScalingHistory base = ScalingHistory.empty();
    for (int i = 0; i < 5; i++) {
      base = base.withRecommendation(T0.plusSeconds(i), i); // leaves free slots after the view
    }
    ScalingHistory shared = base;
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ScalingHistory>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int replicas = 100 + t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return shared.withRecommendation(T0.plusSeconds(60), replicas);
                }));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        List<ScalingHistory.Recommendation> recommendations =
            results.get(t).get().recommendations();
        assertThat(recommendations).hasSize(6);
        assertThat(recommendations.get(5).replicas()).isEqualTo(100 + t);
      }
      assertThat(shared.recommendations()).hasSize(5);
    } finally {
      pool.shutdownNow();
    }
  }
}
