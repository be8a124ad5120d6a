package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Application File Locator ({@code 94}; EMV Book 3 clause 10.2): the records the terminal reads with READ
 * RECORD, as 4-byte entries. Byte 1: SFI in b8-b4 (1 to 30), b3-b1 zero; byte 2: first record (at least 1);
 * byte 3: last record (at least the first); byte 4: how many of those records, from the first, feed offline
 * data authentication.
 */
public final class Afl {
  /** One 4-byte entry. */
  public record Entry(int sfi, int firstRecord, int lastRecord, int odaRecords) {
    public Entry {
      if (sfi < 1 || sfi > 30) {
        throw new IllegalArgumentException("SFI " + sfi + " outside 1..30");
      }
      if (firstRecord < 1 || lastRecord < firstRecord || lastRecord > 255) {
        throw new IllegalArgumentException("records " + firstRecord + ".." + lastRecord);
      }
      if (odaRecords < 0 || odaRecords > lastRecord - firstRecord + 1) {
        throw new IllegalArgumentException("ODA record count " + odaRecords);
      }
    }

    /** Number of records in this entry. */
    public int recordCount() {
      return lastRecord - firstRecord + 1;
    }

    /** Whether {@code record} of this entry is one of those signed for offline data authentication. */
    public boolean isOdaRecord(int record) {
      return record >= firstRecord && record < firstRecord + odaRecords;
    }
  }

  private final List<Entry> entries;

  public Afl(List<Entry> entries) {
    if (entries.size() * 4 > 252) {
      throw new IllegalArgumentException("AFL longer than 252 bytes");
    }
    this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
  }

  /** Decodes the value of {@code 94}. Zero bytes decode to an AFL without entries. */
  public static Afl decode(byte[] value) throws DecodeException {
    if (value.length % 4 != 0) {
      throw new DecodeException(
          "AFL: length " + value.length + " is not a multiple of 4", value.length - value.length % 4, "94");
    }
    if (value.length > 252) {
      throw new DecodeException("AFL: length " + value.length + " over 252", 0, "94");
    }
    List<Entry> out = new ArrayList<>();
    for (int at = 0; at < value.length; at += 4) {
      int b1 = value[at] & 0xFF;
      int sfi = b1 >>> 3;
      int first = value[at + 1] & 0xFF;
      int last = value[at + 2] & 0xFF;
      int oda = value[at + 3] & 0xFF;
      String where = "AFL entry at offset " + at + " (" + Hex.encode(value, at, 4) + "): ";
      if ((b1 & 0x07) != 0) {
        throw new DecodeException(where + "b3-b1 of byte 1 are not zero", at, "94");
      }
      if (sfi < 1 || sfi > 30) {
        throw new DecodeException(where + "SFI " + sfi + " outside 1..30", at, "94");
      }
      if (first < 1) {
        throw new DecodeException(where + "first record 0", at, "94");
      }
      if (last < first) {
        throw new DecodeException(where + "last record " + last + " before first " + first, at, "94");
      }
      if (oda > last - first + 1) {
        throw new DecodeException(
            where + oda + " ODA records but only " + (last - first + 1) + " records", at, "94");
      }
      out.add(new Entry(sfi, first, last, oda));
    }
    return new Afl(out);
  }

  public List<Entry> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Number of records to read, over all entries. */
  public int recordCount() {
    int n = 0;
    for (Entry e : entries) {
      n += e.recordCount();
    }
    return n;
  }

  public byte[] encode() {
    byte[] out = new byte[entries.size() * 4];
    int at = 0;
    for (Entry e : entries) {
      out[at++] = (byte) (e.sfi() << 3);
      out[at++] = (byte) e.firstRecord();
      out[at++] = (byte) e.lastRecord();
      out[at++] = (byte) e.odaRecords();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Afl && ((Afl) o).entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "AFL " + Hex.encode(encode());
  }
}
