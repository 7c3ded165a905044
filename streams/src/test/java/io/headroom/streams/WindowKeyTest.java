package io.headroom.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WindowKeyTest {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  @Test
  void survivesItsChangelogEncoding_includingNonAsciiServices() {
    WindowKey key = WindowKey.containing(MINUTE, 1_793_577_612_345L, "zahlungs-dienst-ü");
    assertThat(WindowKey.fromBytes(key.toBytes())).isEqualTo(key);
    assertThat(key.startMillis()).isEqualTo(1_793_577_600_000L);
    assertThat(key.endMillis()).isEqualTo(1_793_577_660_000L);
  }

  @Test
  void windowsBeforeTheEpochStartOnTheirBoundary() {
    assertThat(WindowKey.containing(MINUTE, -1, "a").startMillis()).isEqualTo(-MINUTE);
  }

  @Test
  void closingOrder_putsTheLastMinuteOfAnHourBeforeTheHour_soItIsRolledUpFirst() {
    TreeSet<WindowKey> order = new TreeSet<>(WindowKey.CLOSING_ORDER);
    WindowKey hour = new WindowKey(HOUR, 0, "a");
    WindowKey lastMinute = new WindowKey(MINUTE, HOUR - MINUTE, "a");
    WindowKey firstMinute = new WindowKey(MINUTE, 0, "b");
    order.addAll(List.of(hour, lastMinute, firstMinute));
    assertThat(order).containsExactly(firstMinute, lastMinute, hour);
  }
}
