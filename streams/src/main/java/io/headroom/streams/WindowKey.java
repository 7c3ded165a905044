package io.headroom.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/** One service's window of one size: [startMillis, startMillis + sizeMillis). */
record WindowKey(long sizeMillis, long startMillis, String service) {
  /**
   * Closing order: by end; at equal ends the smaller window first, so it is rolled up before the
   * larger one closes.
   */
  static final Comparator<WindowKey> CLOSING_ORDER =
      Comparator.comparingLong(WindowKey::endMillis)
          .thenComparingLong(WindowKey::sizeMillis)
          .thenComparing(WindowKey::service);

  static WindowKey containing(long sizeMillis, long timeMillis, String service) {
    return new WindowKey(sizeMillis, startOf(sizeMillis, timeMillis), service);
  }

  /**
   * The start of the window of {@code sizeMillis} containing {@code timeMillis} (also before 1970).
   */
  static long startOf(long sizeMillis, long timeMillis) {
    return Math.floorDiv(timeMillis, sizeMillis) * sizeMillis;
  }

  long endMillis() {
    return startMillis + sizeMillis;
  }

  byte[] toBytes() {
    byte[] name = service.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(16 + name.length)
        .putLong(sizeMillis)
        .putLong(startMillis)
        .put(name)
        .array();
  }

  static WindowKey fromBytes(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long size = buffer.getLong();
    long start = buffer.getLong();
    return new WindowKey(
        size, start, new String(bytes, 16, bytes.length - 16, StandardCharsets.UTF_8));
  }
}
