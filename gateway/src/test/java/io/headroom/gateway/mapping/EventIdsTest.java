package io.headroom.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void anIdIsTheVersion8UuidOfTheMurmurHashOfKeyAtTime() {
    String key = "queue_depth{job=\"é\",queue=\"q1\"}";
    for (long time :
        new long[] {
          0, 7, -1, 1_700_000_000_123L, 10_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE
        }) {
      long[] hash = MurmurHash3.hash128x64((key + "@" + time).getBytes(StandardCharsets.UTF_8));
      UUID id = UUID.fromString(EventIds.of(key, time));

      assertThat(id.version()).as("time %d", time).isEqualTo(8);
      assertThat(id.variant()).isEqualTo(2);
      // All bits but the version's 4 and the variant's 2 are the hash's.
      assertThat(id.getMostSignificantBits() & ~0xF000L).isEqualTo(hash[0] & ~0xF000L);
      assertThat(id.getLeastSignificantBits() << 2).isEqualTo(hash[1] << 2);
    }
  }

  @Test
  void theKeysBytesGiveTheIdOfTheKey() {
    String key = "up{job=\"api\",zone=\"Zürich\"}";
    assertThat(
            EventIds.forThisThread().of(key.getBytes(StandardCharsets.UTF_8), 1_700_000_000_123L))
        .isEqualTo(EventIds.of(key, 1_700_000_000_123L));
  }

  @Test
  void idsDifferForEverySeriesAndTime_andRepeatForTheSame() {
    Set<String> ids = new HashSet<>();
    for (int series = 0; series < 200; series++) {
      for (long time = 0; time < 200; time++) {
        ids.add(EventIds.of("m{pod=\"" + series + "\"}", 1_700_000_000_000L + time * 15_000));
      }
    }
    assertThat(ids).hasSize(200 * 200);
    assertThat(EventIds.of("m{pod=\"7\"}", 1_700_000_000_000L))
        .isEqualTo(EventIds.of("m{pod=\"7\"}", 1_700_000_000_000L));
  }

  @Test
  void aKeyLongerThanTheKeptBuffer_isHashedWhole() {
    String key = "m{" + "x".repeat(5_000) + "}";
    byte[] bytes = (key + "@42").getBytes(StandardCharsets.UTF_8);
    long[] hash = MurmurHash3.hash128x64(bytes);
    UUID id = UUID.fromString(EventIds.of(key, 42));
    assertThat(id.getMostSignificantBits() & ~0xF000L).isEqualTo(hash[0] & ~0xF000L);
  }
}
