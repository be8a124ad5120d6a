package cn.unioncard.protocol.tlv;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * BER-TLV decoding and encoding as EMV uses it (EMV Book 3 Annex B; ISO/IEC 7816-4 clause 6.3): tags of one
 * to three bytes, definite lengths in short form or long form ({@code 81} to {@code 84}), constructed objects
 * decoded recursively, repeated tags kept in order, and {@code 00} or {@code FF} padding bytes before,
 * between and after objects skipped (EMV Book 3 Annex B1 note).
 */
public final class BerTlv {
  /** Nesting deeper than this is refused, so hostile input cannot exhaust the stack. */
  public static final int MAX_DEPTH = 16;

  private BerTlv() {}

  /** Decodes a sequence of objects that must fill {@code bytes} exactly (padding aside). */
  public static List<Tlv> decode(byte[] bytes) throws DecodeException {
    return decodeAll(new ByteReader(bytes), 0);
  }

  /** Decodes exactly one object (padding around it allowed). */
  public static Tlv decodeOne(byte[] bytes) throws DecodeException {
    List<Tlv> all = decode(bytes);
    if (all.size() != 1) {
      throw new DecodeException("expected one TLV object, found " + all.size(), 0);
    }
    return all.get(0);
  }

  /** The first object with this tag anywhere in the list (depth first), or null. */
  public static Tlv find(List<Tlv> objects, Tag tag) {
    for (Tlv t : objects) {
      Tlv f = t.find(tag);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private static List<Tlv> decodeAll(ByteReader r, int depth) throws DecodeException {
    List<Tlv> out = new ArrayList<>();
    while (r.hasRemaining()) {
      int b = r.peek("tag");
      if (b == 0x00 || b == 0xFF) {
        r.skip(1, "padding");
        continue;
      }
      out.add(decodeObject(r, depth));
    }
    return out;
  }

  private static Tlv decodeObject(ByteReader r, int depth) throws DecodeException {
    Tag tag = Tag.read(r);
    int lengthAt = r.offset();
    int length;
    try {
      length = readLength(r);
    } catch (DecodeException e) {
      throw e.inTag(tag.hex());
    }
    if (length > r.remaining()) {
      throw new DecodeException(
          "length " + length + " runs past the end (" + r.remaining() + " byte(s) left)",
          lengthAt,
          tag.hex());
    }
    int valueAt = r.offset();
    ByteReader valueReader = r.slice(length, "value");
    byte[] value = valueReader.peekRest();
    List<Tlv> children = new ArrayList<>();
    if (tag.isConstructed()) {
      if (depth + 1 > MAX_DEPTH) {
        throw new DecodeException("TLV nested deeper than " + MAX_DEPTH, valueAt, tag.hex());
      }
      try {
        children = decodeAll(valueReader, depth + 1);
      } catch (DecodeException e) {
        throw e.inTag(tag.hex());
      }
    }
    return Tlv.decoded(tag, value, children);
  }

  /** Reads a definite length: short form, or long form with one to four subsequent bytes. */
  public static int readLength(ByteReader r) throws DecodeException {
    int at = r.offset();
    int first = r.u8("length");
    if (first < 0x80) {
      return first;
    }
    if (first == 0x80) {
      throw new DecodeException("indefinite length is not allowed", at);
    }
    int n = first & 0x7F;
    if (n > 4) {
      throw new DecodeException(
          "length field of " + n + " bytes (" + Hex.byteToHex(first) + ") is not supported", at);
    }
    long len = r.uint(n, "long-form length");
    if (len > Integer.MAX_VALUE) {
      throw new DecodeException("length " + len + " too large", at);
    }
    return (int) len;
  }

  /** Writes a definite length in the shortest form. */
  public static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length");
    }
    if (length < 0x80) {
      out.write(length);
    } else if (length <= 0xFF) {
      out.write(0x81);
      out.write(length);
    } else if (length <= 0xFFFF) {
      out.write(0x82);
      out.write(length >>> 8);
      out.write(length);
    } else if (length <= 0xFFFFFF) {
      out.write(0x83);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
    } else {
      out.write(0x84);
      out.write(length >>> 24);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
    }
  }

  /** The concatenated encodings of {@code objects}. */
  public static byte[] encode(List<Tlv> objects) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Tlv t : objects) {
      t.writeTo(out);
    }
    return out.toByteArray();
  }
}
