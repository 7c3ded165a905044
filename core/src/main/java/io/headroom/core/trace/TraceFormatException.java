package io.headroom.core.trace;

/** A trace row that cannot be used; the message names the file line and what is wrong with it. */
public final class TraceFormatException extends IllegalArgumentException {
  private final long lineNumber;

  public TraceFormatException(String source, long lineNumber, String problem) {
    super(source + ":" + lineNumber + ": " + problem);
    this.lineNumber = lineNumber;
  }

  public long lineNumber() {
    return lineNumber;
  }
}
