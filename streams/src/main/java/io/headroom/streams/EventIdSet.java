package io.headroom.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The event ids counted in one open window, as 64-bit hashes in an open-addressing table of longs
 * (no boxed objects): 8 bytes per id, 11 to 22 bytes with the table's free slots. Two different ids
 * share a hash with probability 2^-64 per pair, about one in 10^8 for a window of a million events;
 * the cost of that is one event not counted.
 *
 * <p>Ids added since the last changelog write are also kept in order, so each id reaches the
 * changelog once, in the chunk of the commit that counted it, instead of the whole set every
 * commit.
 */
final class EventIdSet {
  private static final long FREE = 0;

  private long[] slots = new long[16];
  private int size;
  private long[] unflushed = new long[16];
  private int unflushedCount;
  private int chunksWritten;

  /**
   * A 64-bit hash of an event id, stable across JVMs and versions (it is kept in the changelog):
   * FNV-1a over the UTF-16 chars, then MurmurHash3's finalizer so that the low bits, which pick the
   * slot, depend on every char.
   */
  static long hash(CharSequence id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /** Adds {@code idHash}; false when it was counted already. */
  boolean add(long idHash) {
    if (!insert(idHash)) {
      return false;
    }
    if (unflushedCount == unflushed.length) {
      unflushed = Arrays.copyOf(unflushed, unflushedCount * 2);
    }
    unflushed[unflushedCount++] = idHash;
    return true;
  }

  boolean hasUnflushed() {
    return unflushedCount > 0;
  }

  /** Chunks of this set in the changelog, numbered from 0. */
  int chunksWritten() {
    return chunksWritten;
  }

  /** The ids added since the last call, as the next changelog chunk's value. */
  byte[] takeUnflushed() {
    ByteBuffer chunk = ByteBuffer.allocate(unflushedCount * Long.BYTES);
    for (int i = 0; i < unflushedCount; i++) {
      chunk.putLong(unflushed[i]);
    }
    unflushedCount = 0;
    chunksWritten++;
    return chunk.array();
  }

  /** Adds the ids of changelog chunk {@code chunk} (restoring after a restart). */
  void restore(int chunk, byte[] ids) {
    ByteBuffer buffer = ByteBuffer.wrap(ids);
    while (buffer.remaining() >= Long.BYTES) {
      insert(buffer.getLong());
    }
    chunksWritten = Math.max(chunksWritten, chunk + 1);
  }

  private boolean insert(long idHash) {
    if (idHash == FREE) {
      idHash = 1; // FREE marks an empty slot; the ids hashing to 0 and 1 share a value
    }
    if ((size + 1) * 4L > slots.length * 3L) {
      grow();
    }
    int mask = slots.length - 1;
    for (int i = (int) idHash & mask; ; i = (i + 1) & mask) {
      if (slots[i] == idHash) {
        return false;
      }
      if (slots[i] == FREE) {
        slots[i] = idHash;
        size++;
        return true;
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long idHash : old) {
      if (idHash != FREE) {
        insert(idHash);
      }
    }
  }
}
