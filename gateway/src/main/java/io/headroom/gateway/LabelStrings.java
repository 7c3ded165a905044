package io.headroom.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The label names and values of remote-write bodies as strings, each made once while it keeps
 * coming: Prometheus sends the same few thousand names and values in every request, and decoding
 * them afresh, every one a new String, was a tenth of the gateway's time per sample. One table per
 * thread, of a fixed size: a string that does not fit replaces the one in its slot, so label values
 * of any cardinality cost only the decoding they cost before.
 */
final class LabelStrings {
  private static final int SLOTS = 1 << 13;

  /** Longer strings are decoded each time: rare in labels, and they would pin much memory. */
  private static final int MAX_CACHED_LENGTH = 128;

  private static final ThreadLocal<LabelStrings> PER_THREAD =
      ThreadLocal.withInitial(LabelStrings::new);

  private final byte[][] bytes = new byte[SLOTS][];
  private final String[] strings = new String[SLOTS];
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

  private LabelStrings() {}

  static LabelStrings forThisThread() {
    return PER_THREAD.get();
  }

  /**
   * The UTF-8 string in {@code raw[offset, offset + length)}.
   *
   * @throws InvalidProtocolBufferException when it is not valid UTF-8, as the generated parser
   *     refuses a proto3 string
   */
  String string(byte[] raw, int offset, int length) throws InvalidProtocolBufferException {
    if (length == 0) {
      return "";
    }
    if (length > MAX_CACHED_LENGTH) {
      return decode(raw, offset, length);
    }
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + raw[i];
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    byte[] known = bytes[slot];
    if (known != null && known.length == length && sameBytes(known, raw, offset)) {
      return strings[slot];
    }
    String made = decode(raw, offset, length);
    bytes[slot] = Arrays.copyOfRange(raw, offset, offset + length);
    strings[slot] = made;
    return made;
  }

  /**
   * A plain loop: label strings are short, and Arrays.equals on ranges (checks, then a vectorised
   * compare set up for long arrays) took most of this class's time.
   */
  private static boolean sameBytes(byte[] known, byte[] raw, int offset) {
    for (int i = 0; i < known.length; i++) {
      if (known[i] != raw[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private String decode(byte[] raw, int offset, int length) throws InvalidProtocolBufferException {
    boolean ascii = true;
    for (int i = offset; i < offset + length && ascii; i++) {
      ascii = raw[i] >= 0;
    }
    if (ascii) {
      return new String(raw, offset, length, StandardCharsets.US_ASCII);
    }
    try {
      return utf8.decode(ByteBuffer.wrap(raw, offset, length)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
    }
  }
}
