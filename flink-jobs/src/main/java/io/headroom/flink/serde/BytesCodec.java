package io.headroom.flink.serde;

import java.io.Serializable;

/**
 * Turns one type into bytes and back. Implementations are small serializable values (often
 * singletons) so that Flink can ship them inside serializers and serializer snapshots.
 */
public interface BytesCodec<T> extends Serializable {
  byte[] encode(T value);

  T decode(byte[] bytes);

  /** The class of the values, for Flink's type information. */
  Class<T> type();

  /**
   * True when values are never changed after they are built: Flink may then share one instance
   * between operators and state instead of copying it. A mutable type is deep-copied through {@link
   * #encode}/{@link #decode}.
   */
  boolean immutable();
}
