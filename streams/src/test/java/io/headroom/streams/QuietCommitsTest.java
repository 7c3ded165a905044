package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuietCommitsTest {
  private final QuietCommits commits = new QuietCommits(1_000);

  @Test
  void asksOnce_whenRecordsAreFollowedByAQuietInterval() {
    commits.recordProcessed();
    assertThat(commits.commitDue(100)).as("records arrived during this interval").isFalse();
    assertThat(commits.commitDue(200)).as("a whole interval without records").isTrue();
    assertThat(commits.commitDue(300)).as("nothing new since").isFalse();
  }

  @Test
  void neverAsks_withoutRecords_orWhileTheyKeepComing() {
    assertThat(commits.commitDue(100)).isFalse();
    for (long now = 200; now < 5_000; now += 100) {
      commits.recordProcessed();
      assertThat(commits.commitDue(now)).isFalse();
    }
  }

  @Test
  void keepsEarlyCommitsTheMinimumGapApart() {
    commits.recordProcessed();
    commits.commitDue(100);
    assertThat(commits.commitDue(200)).isTrue();
    commits.recordProcessed();
    commits.commitDue(300);
    assertThat(commits.commitDue(400)).as("only 200 ms after the last").isFalse();
    assertThat(commits.commitDue(1_100)).as("900 ms after the last").isFalse();
    assertThat(commits.commitDue(1_200)).isTrue();
  }
}
