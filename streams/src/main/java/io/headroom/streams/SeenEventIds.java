package io.headroom.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event ids already counted in each open window of the smallest size, so that an event produced
 * twice (a re-run replay, a producer retrying after a timeout) is counted once, as the raw table
 * de-duplicates it. An id is only remembered while its window is open: once the window closes, a
 * repeat is late and goes to the dead-letter topic anyway. That bounds the memory to the events of
 * the open smallest windows, one smallest window plus the grace period per service: 11 to 22 bytes
 * per event ({@link EventIdSet}), 10 to 20 MB for a service sending 10,000 events a second with
 * 1-minute windows and 30 s of grace (90 s of its events).
 *
 * <p>The ids live in the task's changelogged store beside the windows, written at the same commit,
 * so they survive restarts exactly as the counts they guard. Key: a 0xFF byte (a window key starts
 * with its size's top byte, 0 for any size below 2^56 ms), the chunk number, the window key; value:
 * the hashes added in that commit.
 */
final class SeenEventIds {
  private static final byte CHUNK_MARKER = (byte) 0xFF;

  private final Map<WindowKey, EventIdSet> byWindow = new HashMap<>();
  private final Set<WindowKey> changed = new HashSet<>();
  private final Map<WindowKey, Integer> closedChunks = new HashMap<>();

  /** Remembers {@code idHash} in {@code window}; false when it was counted there already. */
  boolean firstSighting(WindowKey window, long idHash) {
    boolean first = byWindow.computeIfAbsent(window, w -> new EventIdSet()).add(idHash);
    if (first) {
      changed.add(window);
    }
    return first;
  }

  /** The window closed: its ids are forgotten, here and in the changelog at the next flush. */
  void forget(WindowKey window) {
    EventIdSet ids = byWindow.remove(window);
    if (ids != null && ids.chunksWritten() > 0) {
      closedChunks.put(window, ids.chunksWritten());
    }
  }

  static boolean isChunkKey(byte[] key) {
    return key.length > 0 && key[0] == CHUNK_MARKER;
  }

  void restore(byte[] key, byte[] ids) {
    ByteBuffer buffer = ByteBuffer.wrap(key);
    buffer.get();
    int chunk = buffer.getInt();
    WindowKey window = WindowKey.fromBytes(Arrays.copyOfRange(key, 1 + Integer.BYTES, key.length));
    byWindow.computeIfAbsent(window, w -> new EventIdSet()).restore(chunk, ids);
  }

  /** Writes the ids counted since the last flush and deletes those of closed windows. */
  void flushTo(KeyValueStore<Bytes, byte[]> changelogged) {
    closedChunks.forEach(
        (window, chunks) -> {
          for (int chunk = 0; chunk < chunks; chunk++) {
            changelogged.delete(chunkKey(window, chunk));
          }
        });
    closedChunks.clear();
    for (WindowKey window : changed) {
      EventIdSet ids = byWindow.get(window);
      if (ids != null && ids.hasUnflushed()) {
        Bytes key = chunkKey(window, ids.chunksWritten());
        changelogged.put(key, ids.takeUnflushed());
      }
    }
    changed.clear();
  }

  void clear() {
    byWindow.clear();
    changed.clear();
    closedChunks.clear();
  }

  private static Bytes chunkKey(WindowKey window, int chunk) {
    byte[] windowKey = window.toBytes();
    return Bytes.wrap(
        ByteBuffer.allocate(1 + Integer.BYTES + windowKey.length)
            .put(CHUNK_MARKER)
            .putInt(chunk)
            .put(windowKey)
            .array());
  }
}
