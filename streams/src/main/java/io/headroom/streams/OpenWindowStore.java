package io.headroom.streams;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The windows still open in one task, kept as live objects, plus the task's stream time.
 *
 * <p>Kafka Streams' own stores hold values serialized, so each event would decode and re-encode its
 * window's sketches (tens of microseconds). Here an event only touches an object; a changed window
 * is written to the changelogged store once per commit, when Streams flushes its caches before
 * committing. That is the hook Kafka's record caches and suppression buffers use ({@link
 * CachedStateStore}, an internal interface), and it keeps the changelog writes in the same
 * transaction as the input offsets under exactly-once. The changelogged store is the state after a
 * restart: its entries are decoded on first use. The event ids counted in the open smallest windows
 * ({@link SeenEventIds}) are kept and written the same way.
 */
final class OpenWindowStore
    implements WindowRollUp.OpenWindows, StateStore, CachedStateStore<Bytes, byte[]> {
  private static final Bytes STREAM_TIME_KEY = Bytes.wrap(new byte[0]);

  private final KeyValueStore<Bytes, byte[]> changelogged;
  private final Map<WindowKey, ServiceWindow> open = new HashMap<>();
  private final NavigableSet<WindowKey> closingOrder = new TreeSet<>(WindowKey.CLOSING_ORDER);
  private final Set<WindowKey> changed = new HashSet<>();
  private final SeenEventIds seenIds = new SeenEventIds();
  private long streamTime = Long.MIN_VALUE;
  private boolean streamTimeChanged;
  private boolean loaded;

  OpenWindowStore(KeyValueStore<Bytes, byte[]> changelogged) {
    this.changelogged = changelogged;
  }

  /** The open window for {@code key}, created when missing; the caller is about to change it. */
  @Override
  public ServiceWindow update(WindowKey key, Supplier<ServiceWindow> create) {
    load();
    ServiceWindow window = open.get(key);
    if (window == null) {
      window = create.get();
      open.put(key, window);
      closingOrder.add(key);
    }
    if (window.markUnflushed()) {
      changed.add(key);
    }
    return window;
  }

  /**
   * Whether the event whose id hashes to {@code idHash} is counted in {@code window} for the first
   * time; remembers it until the window closes.
   */
  boolean firstSighting(WindowKey window, long idHash) {
    load();
    return seenIds.firstSighting(window, idHash);
  }

  /**
   * Removes and returns the open window that closes first if it ends at or before {@code
   * endMillis}; else null.
   */
  @Override
  public Map.Entry<WindowKey, ServiceWindow> pollEndingBy(long endMillis) {
    load();
    if (closingOrder.isEmpty() || closingOrder.first().endMillis() > endMillis) {
      return null;
    }
    WindowKey key = closingOrder.pollFirst();
    changed.add(key);
    seenIds.forget(key);
    return Map.entry(key, open.remove(key));
  }

  long streamTime() {
    load();
    return streamTime;
  }

  void advanceStreamTime(long timeMillis) {
    load();
    if (timeMillis > streamTime) {
      streamTime = timeMillis;
      streamTimeChanged = true;
    }
  }

  private void load() {
    if (loaded) {
      return;
    }
    byte[] time = changelogged.get(STREAM_TIME_KEY);
    streamTime = time == null ? Long.MIN_VALUE : ByteBuffer.wrap(time).getLong();
    try (KeyValueIterator<Bytes, byte[]> all = changelogged.all()) {
      all.forEachRemaining(
          entry -> {
            if (SeenEventIds.isChunkKey(entry.key.get())) {
              seenIds.restore(entry.key.get(), entry.value);
            } else if (entry.key.get().length > 0) {
              WindowKey key = WindowKey.fromBytes(entry.key.get());
              open.put(key, ServiceWindow.fromBytes(entry.value));
              closingOrder.add(key);
            }
          });
    }
    loaded = true;
  }

  @Override
  public void flushCache() {
    for (WindowKey key : changed) {
      ServiceWindow window = open.get(key);
      if (window == null) {
        changelogged.delete(Bytes.wrap(key.toBytes()));
      } else {
        changelogged.put(Bytes.wrap(key.toBytes()), window.toBytes());
        window.markFlushed();
      }
    }
    changed.clear();
    seenIds.flushTo(changelogged);
    if (streamTimeChanged) {
      changelogged.put(
          STREAM_TIME_KEY, ByteBuffer.allocate(Long.BYTES).putLong(streamTime).array());
      streamTimeChanged = false;
    }
  }

  @Override
  public void clearCache() {
    open.clear();
    closingOrder.clear();
    changed.clear();
    seenIds.clear();
    streamTimeChanged = false;
    loaded = false;
  }

  @Override
  public boolean setFlushListener(
      CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    changelogged.init(context, root);
  }

  @Override
  public void flush() {
    flushCache();
    changelogged.flush();
  }

  @Override
  public void close() {
    clearCache();
    changelogged.close();
  }

  @Override
  public String name() {
    return changelogged.name();
  }

  @Override
  public boolean persistent() {
    return changelogged.persistent();
  }

  @Override
  public boolean isOpen() {
    return changelogged.isOpen();
  }
}
