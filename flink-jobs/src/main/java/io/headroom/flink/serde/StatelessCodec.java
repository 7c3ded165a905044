package io.headroom.flink.serde;

/**
 * Base of codecs that hold no state: two instances of the same codec class are equal, which is what
 * Flink's serializer and type-information equality needs.
 */
public abstract class StatelessCodec<T> implements BytesCodec<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final boolean immutable;

  protected StatelessCodec(Class<T> type, boolean immutable) {
    this.type = type;
    this.immutable = immutable;
  }

  @Override
  public final Class<T> type() {
    return type;
  }

  @Override
  public final boolean immutable() {
    return immutable;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }
}
