package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.Tag;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Data Object List (EMV Book 3 clause 5.4): tag and length pairs naming the terminal data a command carries,
 * in order and without tags or lengths of its own. The PDOL ({@code 9F38}), CDOL1 ({@code 8C}), CDOL2
 * ({@code 8D}), DDOL ({@code 9F49}), TDOL ({@code 97}) and the log formats ({@code 9F4F}, {@code DF4F}) are DOLs.
 * A tag may appear more than once.
 */
public final class Dol {
  /** Largest length one entry may ask for: one length byte, short form only. */
  public static final int MAX_ENTRY_LENGTH = 0x7F;

  /** One entry: a tag and the number of value bytes wanted. */
  public record Entry(Tag tag, int length) {
    public Entry {
      if (length < 0 || length > MAX_ENTRY_LENGTH) {
        throw new IllegalArgumentException("DOL entry length " + length);
      }
    }
  }

  /** One value cut from DOL-related data: the entry's tag and its bytes. */
  public static final class Field {
    private final Tag tag;
    private final byte[] value;

    public Field(Tag tag, byte[] value) {
      this.tag = tag;
      this.value = value.clone();
    }

    public Tag tag() {
      return tag;
    }

    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Field && ((Field) o).tag.equals(tag) && Arrays.equals(((Field) o).value, value);
    }

    @Override
    public int hashCode() {
      return tag.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return tag + "=" + Hex.encode(value);
    }
  }

  private final List<Entry> entries;

  public Dol(List<Entry> entries) {
    this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
  }

  /**
   * Parses a DOL. Each entry is a BER-TLV tag of one to three bytes followed by a one-byte length. A tag byte
   * {@code 00} or {@code FF}, a cut-off tag, a missing length and a length of {@code 80} or more (a long-form
   * BER length, which no DOL entry needs) fail with the offset of the entry.
   */
  public static Dol parse(byte[] dol) throws DecodeException {
    ByteReader r = new ByteReader(dol);
    List<Entry> out = new ArrayList<>();
    while (r.hasRemaining()) {
      int at = r.offset();
      Tag tag;
      try {
        tag = Tag.read(r);
      } catch (DecodeException e) {
        throw new DecodeException("DOL entry at offset " + at + ": " + e.reason(), e.offset());
      }
      int len = r.u8("DOL entry length for tag " + tag.hex());
      if (len > MAX_ENTRY_LENGTH) {
        throw new DecodeException(
            "DOL entry at offset " + at + ": length byte " + Hex.byteToHex(len) + " is not a short length",
            r.offset() - 1,
            tag.hex());
      }
      out.add(new Entry(tag, len));
    }
    return new Dol(out);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Number of data bytes the DOL asks for: the sum of the entry lengths. */
  public int dataLength() {
    int n = 0;
    for (Entry e : entries) {
      n += e.length();
    }
    return n;
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] t = e.tag().encode();
      out.write(t, 0, t.length);
      out.write(e.length());
    }
    return out.toByteArray();
  }

  /** The DOL-related data from the terminal's values; see {@link #build(Function)}. */
  public byte[] build(Map<Tag, byte[]> terminalData) {
    return build(terminalData::get);
  }

  /**
   * The DOL-related data: for each entry, the terminal's value of the tag fitted to the entry's length by EMV
   * Book 3 clause 5.4.
   *
   * <ul>
   *   <li>A tag {@code terminalData} has no value for (returns null) or a constructed tag: zeros.
   *   <li>A longer value is truncated: format {@code n} keeps its rightmost bytes, every other format its
   *       leftmost bytes.
   *   <li>A shorter value is padded: {@code n} with leading {@code 00}, {@code cn} with trailing {@code FF},
   *       every other format with trailing {@code 00}.
   * </ul>
   *
   * The format of a tag comes from {@link EmvTags}; a tag the dictionary does not know is treated as {@code b}.
   */
  public byte[] build(Function<Tag, byte[]> terminalData) {
    byte[] out = new byte[dataLength()];
    int at = 0;
    for (Entry e : entries) {
      byte[] v = e.tag().isConstructed() ? null : terminalData.apply(e.tag());
      if (v != null) {
        fit(v, e.length(), EmvTags.formatOf(e.tag()), out, at);
      }
      at += e.length();
    }
    return out;
  }

  private static void fit(byte[] v, int len, DataFormat format, byte[] out, int at) {
    if (format == DataFormat.N) {
      int n = Math.min(v.length, len);
      // rightmost bytes of the value, right justified; the leading bytes stay 00
      System.arraycopy(v, v.length - n, out, at + len - n, n);
    } else {
      int n = Math.min(v.length, len);
      System.arraycopy(v, 0, out, at, n);
      if (format == DataFormat.CN) {
        Arrays.fill(out, at + n, at + len, (byte) 0xFF);
      }
    }
  }

  /**
   * Cuts DOL-related data (for example a transaction log record, whose layout is the log format) into one
   * {@link Field} per entry. The data must be exactly {@link #dataLength()} bytes.
   */
  public List<Field> split(byte[] data) throws DecodeException {
    int need = dataLength();
    if (data.length != need) {
      throw new DecodeException(
          "DOL data: " + data.length + " byte(s), the DOL lists " + need, Math.min(data.length, need));
    }
    List<Field> out = new ArrayList<>(entries.size());
    int at = 0;
    for (Entry e : entries) {
      out.add(new Field(e.tag(), Arrays.copyOfRange(data, at, at + e.length())));
      at += e.length();
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dol && ((Dol) o).entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DOL[");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(entries.get(i).tag().hex()).append(':').append(entries.get(i).length());
    }
    return sb.append(']').toString();
  }
}
