package cn.unioncard.protocol.tlv;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;

/**
 * A BER-TLV tag of one to three bytes (ISO/IEC 8825-1 clause 8.1.2; EMV Book 3 Annex B1): class in bits
 * b8-b7 of the first byte, constructed flag in b6, and the number in b5-b1 or in subsequent bytes when
 * b5-b1 are all set.
 */
public final class Tag implements Comparable<Tag> {
  /** Tags longer than this many bytes are refused: EMV, PBOC and JT/T 978 use at most three. */
  public static final int MAX_BYTES = 3;

  private final int value;
  private final int length;

  private Tag(int value, int length) {
    this.value = value;
    this.length = length;
  }

  /** A tag from its numeric value as written in the standards, for example {@code 0x9F38}. */
  public static Tag of(int value) {
    byte[] b = bytesOf(value);
    try {
      return read(new ByteReader(b), b.length);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not a valid BER-TLV tag: " + Integer.toHexString(value), e);
    }
  }

  /** A tag from hex text, for example {@code "9F38"}. */
  public static Tag of(String hex) {
    return of(Integer.parseInt(hex, 16));
  }

  /** Reads a tag at the reader's position. */
  public static Tag read(ByteReader r) throws DecodeException {
    return read(r, MAX_BYTES);
  }

  private static Tag read(ByteReader r, int exactOrMax) throws DecodeException {
    int start = r.offset();
    int first = r.u8("tag");
    if (first == 0x00 || first == 0xFF) {
      throw new DecodeException("byte " + Hex.byteToHex(first) + " is not a tag", start);
    }
    int v = first;
    int len = 1;
    if ((first & 0x1F) == 0x1F) {
      int b;
      do {
        if (len == MAX_BYTES) {
          throw new DecodeException("tag longer than " + MAX_BYTES + " bytes", start);
        }
        b = r.u8("subsequent tag byte");
        if (len == 1 && (b & 0x7F) == 0) {
          throw new DecodeException("tag number with a leading zero byte", start);
        }
        v = (v << 8) | b;
        len++;
      } while ((b & 0x80) != 0);
    }
    if (len > exactOrMax) {
      throw new DecodeException("tag longer than expected", start);
    }
    return new Tag(v, len);
  }

  private static byte[] bytesOf(int value) {
    if (value <= 0 || value > 0xFFFFFF) {
      throw new IllegalArgumentException("tag value out of range: " + Integer.toHexString(value));
    }
    int n = value > 0xFFFF ? 3 : value > 0xFF ? 2 : 1;
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (value >>> (8 * (n - 1 - i)));
    }
    return b;
  }

  /** The tag's numeric value, for example {@code 0x9F38}. */
  public int value() {
    return value;
  }

  /** Number of bytes in the encoded tag. */
  public int byteLength() {
    return length;
  }

  public byte[] encode() {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (value >>> (8 * (length - 1 - i)));
    }
    return b;
  }

  private int firstByte() {
    return value >>> (8 * (length - 1));
  }

  /** Whether the object's value is itself a sequence of BER-TLV objects (b6 of the first byte). */
  public boolean isConstructed() {
    return (firstByte() & 0x20) != 0;
  }

  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  public int tagClass() {
    return firstByte() >>> 6;
  }

  /** Upper-case hex, for example {@code 9F38}. */
  public String hex() {
    return Hex.encode(encode());
  }

  @Override
  public int compareTo(Tag o) {
    return Integer.compare(value, o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tag && ((Tag) o).value == value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  @Override
  public String toString() {
    return hex();
  }
}
