package io.headroom.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rolls closed windows of the smallest size up into larger ones by merging their sketches, which
 * is exact: the hour equals the merge of its sixty minutes bit for bit. Each event then pays for one
 * window aggregate, not one per size. A larger window closes when a small window starting at or
 * after its end arrives: small windows leave the suppression buffer in window-end order, so by then
 * every small window inside it has been merged.
 */
final class RollupProcessor implements Processor<Windowed<String>, ServiceWindow, String, ClosedWindow> {
  private final long sizeMillis;
  private final String storeName;
  private ProcessorContext<String, ClosedWindow> context;
  private KeyValueStore<String, ServiceWindow> open;
  private long lastBucket = Long.MIN_VALUE;

  RollupProcessor(Duration size, String storeName) {
    this.sizeMillis = size.toMillis();
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, ClosedWindow> context) {
    this.context = context;
    this.open = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<Windowed<String>, ServiceWindow> record) {
    long start = record.key().window().start();
    long bucket = Math.floorDiv(start, sizeMillis) * sizeMillis;
    if (bucket > lastBucket) {
      closeBefore(bucket);
      lastBucket = bucket;
    }
    String key = record.key().key() + "@" + bucket;
    ServiceWindow merged = open.get(key);
    open.put(key, merged == null ? record.value() : merged.merge(record.value()));
  }

  private void closeBefore(long bucketStart) {
    List<KeyValue<String, ServiceWindow>> closing = new ArrayList<>();
    try (KeyValueIterator<String, ServiceWindow> all = open.all()) {
      all.forEachRemaining(entry -> {
        if (startOf(entry.key) + sizeMillis <= bucketStart) {
          closing.add(entry);
        }
      });
    }
    for (KeyValue<String, ServiceWindow> entry : closing) {
      long start = startOf(entry.key);
      String service = entry.key.substring(0, entry.key.lastIndexOf('@'));
      context.forward(new Record<>(service, new ClosedWindow(start, start + sizeMillis, entry.value), start + sizeMillis));
      open.delete(entry.key);
    }
  }

  private static long startOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
  }
}
