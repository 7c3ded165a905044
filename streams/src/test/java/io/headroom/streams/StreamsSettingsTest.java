package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {
  @Test
  void defaults_exactlyOnce_oneSecondCommits_aThreadPerCoreUpToFour_noTaskIdling() {
    Properties config = settings(new Properties()).streamsConfig();
    assertThat(config.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("1000");
    int threads = Integer.parseInt(config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    assertThat(threads)
        .isBetween(1, 4)
        .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.getProperty(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("-1");
    assertThat(config.stringPropertyNames()).noneMatch(key -> key.startsWith("headroom."));
  }

  @Test
  void theUsersKafkaStreamsPropertiesWin() {
    Properties properties = new Properties();
    properties.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    properties.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "8");
    Properties config = settings(properties).streamsConfig();
    assertThat(config.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
    assertThat(config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("8");
  }

  @Test
  void aRollUpThatIsNotAMultipleOfTheSmallestWindow_isRejectedNamingTheKey() {
    Properties properties = new Properties();
    properties.setProperty(StreamsSettings.WINDOWS, "1m,90s");
    assertThatThrownBy(() -> settings(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(StreamsSettings.WINDOWS);
  }

  @Test
  void eventsMayRunAnHourAheadOfTheWallClock_unlessConfiguredOtherwise() {
    assertThat(settings(new Properties()).maxAheadOfWallClock()).isEqualTo(Duration.ofHours(1));
    Properties properties = new Properties();
    properties.setProperty(StreamsSettings.MAX_AHEAD_OF_WALL_CLOCK, "5m");
    assertThat(settings(properties).maxAheadOfWallClock()).isEqualTo(Duration.ofMinutes(5));
    properties.setProperty(StreamsSettings.MAX_AHEAD_OF_WALL_CLOCK, "soon");
    assertThatThrownBy(() -> settings(properties))
        .hasMessageStartingWith(StreamsSettings.MAX_AHEAD_OF_WALL_CLOCK);
  }

  private static StreamsSettings settings(Properties properties) {
    properties.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    return StreamsSettings.fromProperties(properties);
  }
}
