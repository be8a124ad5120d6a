package cn.unioncard.protocol;

import java.util.Arrays;

/**
 * A cursor over bytes for parsers: every read is bounds-checked and fails with a {@link DecodeException}
 * naming the offset, so a parser built on it cannot run past its input.
 */
public final class ByteReader {
  private final byte[] data;
  private final int end;
  private final int base;
  private int pos;

  /** Reads all of {@code data}; offsets in errors count from its start. */
  public ByteReader(byte[] data) {
    this(data, 0, data.length, 0);
  }

  private ByteReader(byte[] data, int from, int end, int base) {
    this.data = data;
    this.pos = from;
    this.end = end;
    this.base = base;
  }

  /** The offset of the next byte, counted from the start of the outermost input. */
  public int offset() {
    return base + pos;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  /** The next byte, unsigned, without consuming it. */
  public int peek(String what) throws DecodeException {
    need(1, what);
    return data[pos] & 0xFF;
  }

  public int u8(String what) throws DecodeException {
    need(1, what);
    return data[pos++] & 0xFF;
  }

  /** Big-endian unsigned 16-bit. */
  public int u16(String what) throws DecodeException {
    need(2, what);
    int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  /** Big-endian unsigned integer of 1 to 7 bytes. */
  public long uint(int length, String what) throws DecodeException {
    if (length < 1 || length > 7) {
      throw new IllegalArgumentException("length " + length);
    }
    need(length, what);
    long v = 0;
    for (int i = 0; i < length; i++) {
      v = (v << 8) | (data[pos++] & 0xFF);
    }
    return v;
  }

  public byte[] bytes(int length, String what) throws DecodeException {
    if (length < 0) {
      throw new DecodeException(what + ": negative length " + length, offset());
    }
    need(length, what);
    byte[] out = Arrays.copyOfRange(data, pos, pos + length);
    pos += length;
    return out;
  }

  /** All bytes left. */
  public byte[] rest() {
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = end;
    return out;
  }

  /** A copy of the bytes left, without consuming them. */
  public byte[] peekRest() {
    return Arrays.copyOfRange(data, pos, end);
  }

  /** A reader over the next {@code length} bytes, consumed from this one; its offsets stay absolute. */
  public ByteReader slice(int length, String what) throws DecodeException {
    need(length, what);
    ByteReader r = new ByteReader(data, pos, pos + length, base);
    pos += length;
    return r;
  }

  public void skip(int length, String what) throws DecodeException {
    need(length, what);
    pos += length;
  }

  /** Fails unless every byte has been read. */
  public void expectEnd(String what) throws DecodeException {
    if (pos != end) {
      throw new DecodeException(what + ": " + (end - pos) + " unexpected trailing byte(s)", offset());
    }
  }

  private void need(int n, String what) throws DecodeException {
    if (n > end - pos) {
      throw new DecodeException(
          what + ": needs " + n + " byte(s), " + (end - pos) + " left", offset());
    }
  }
}
