package io.headroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicSetupTest {
  @Test
  void replicationFollowsTheClusterUpToThree_andMinInsyncIsTwoOfThree() {
    assertThat(TopicSetup.replicationFor(1)).isEqualTo((short) 1);
    assertThat(TopicSetup.replicationFor(2)).isEqualTo((short) 2);
    assertThat(TopicSetup.replicationFor(3)).isEqualTo((short) 3);
    assertThat(TopicSetup.replicationFor(5)).isEqualTo((short) 3);
    assertThat(TopicSetup.replicationFor(0)).as("no broker listed yet").isEqualTo((short) 1);
    assertThat(TopicSetup.minInsyncFor((short) 1)).isEqualTo(1);
    assertThat(TopicSetup.minInsyncFor((short) 2)).isEqualTo(1);
    assertThat(TopicSetup.minInsyncFor((short) 3)).isEqualTo(2);
  }
}
