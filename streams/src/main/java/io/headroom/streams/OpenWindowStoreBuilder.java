package io.headroom.streams;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds an {@link OpenWindowStore} over a changelogged key-value store (in memory or RocksDB). */
final class OpenWindowStoreBuilder implements StoreBuilder<OpenWindowStore> {
  private final StoreBuilder<KeyValueStore<Bytes, byte[]>> changelogged;

  OpenWindowStoreBuilder(String name, boolean inMemory) {
    KeyValueBytesStoreSupplier supplier =
        inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    // No record cache: the open-window store is the cache, and a second one would copy every write.
    this.changelogged =
        Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled();
  }

  @Override
  public OpenWindowStore build() {
    return new OpenWindowStore(changelogged.build());
  }

  @Override
  public StoreBuilder<OpenWindowStore> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<OpenWindowStore> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<OpenWindowStore> withLoggingEnabled(Map<String, String> config) {
    changelogged.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<OpenWindowStore> withLoggingDisabled() {
    changelogged.withLoggingDisabled();
    return this;
  }

  @Override
  public Map<String, String> logConfig() {
    return changelogged.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return changelogged.loggingEnabled();
  }

  @Override
  public String name() {
    return changelogged.name();
  }
}
