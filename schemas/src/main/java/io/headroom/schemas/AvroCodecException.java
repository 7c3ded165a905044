package io.headroom.schemas;

/**
 * A payload that cannot be encoded or decoded; the message is fit for a dead-letter reason header.
 */
public final class AvroCodecException extends RuntimeException {
  public AvroCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
