package cn.unioncard.agent.gate;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The hotlist document the bank publishes (the content of the signed reference data of kind {@code hotlist}, see
 * {@code docs/bank-api.md}): a full list of blocked transit cards, or a delta from one version to the next. Cards
 * are named by the 20-digit application serial number of their file 0015. Binary, so a million cards take 10 MB:
 *
 * <pre>
 * offset  size  field
 * 0       4     "UCHL"
 * 4       1     format, 1
 * 5       4     version, unsigned big-endian
 * 9       4     base version: 0 for a full list, else the version this delta applies to
 * 13      4     number of cards added (n)
 * 17      4     number of cards removed (m; 0 in a full list)
 * 21      10·n  cards added: 20 BCD digits each, strictly ascending
 * ...     10·m  cards removed: likewise
 * </pre>
 *
 * Nothing may follow. A card is kept as two numbers, its first 4 digits ({@code hi}) and its last 16 ({@code lo}),
 * so lists sort and search as pairs of longs.
 */
public final class HotlistFile {
  static final byte[] MAGIC = "UCHL".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT = 1;
  static final int HEADER = 21;
  static final int ENTRY = 10;

  private final long version;
  private final long baseVersion;
  private final long[] addHi;
  private final long[] addLo;
  private final long[] removeHi;
  private final long[] removeLo;

  private HotlistFile(long version, long baseVersion, long[] addHi, long[] addLo, long[] removeHi, long[] removeLo) {
    this.version = version;
    this.baseVersion = baseVersion;
    this.addHi = addHi;
    this.addLo = addLo;
    this.removeHi = removeHi;
    this.removeLo = removeLo;
  }

  /** A full list; the cards in any order (they are sorted, duplicates dropped). */
  public static HotlistFile full(long version, String... serials) {
    return build(version, 0, serials, new String[0]);
  }

  /** A delta from {@code baseVersion} to {@code version}. */
  public static HotlistFile delta(long version, long baseVersion, String[] added, String[] removed) {
    if (baseVersion == 0) {
      throw new IllegalArgumentException("a delta has a base version above 0");
    }
    return build(version, baseVersion, added, removed);
  }

  private static HotlistFile build(long version, long baseVersion, String[] added, String[] removed) {
    if (version <= baseVersion || version > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("version " + version + " must be above the base " + baseVersion);
    }
    long[][] a = sorted(added);
    long[][] r = sorted(removed);
    return new HotlistFile(version, baseVersion, a[0], a[1], r[0], r[1]);
  }

  private static long[][] sorted(String[] serials) {
    long[][] pairs = new long[serials.length][];
    for (int i = 0; i < serials.length; i++) {
      pairs[i] = new long[] {hi(serials[i]), lo(serials[i])};
    }
    Arrays.sort(pairs, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    long[] hi = new long[pairs.length];
    long[] lo = new long[pairs.length];
    int n = 0;
    for (long[] p : pairs) {
      if (n > 0 && hi[n - 1] == p[0] && lo[n - 1] == p[1]) {
        continue;
      }
      hi[n] = p[0];
      lo[n] = p[1];
      n++;
    }
    return new long[][] {Arrays.copyOf(hi, n), Arrays.copyOf(lo, n)};
  }

  /** The first four digits of a 20-digit serial. */
  static long hi(String serial) {
    check(serial);
    return Long.parseLong(serial.substring(0, 4));
  }

  /** The last sixteen digits of a 20-digit serial. */
  static long lo(String serial) {
    check(serial);
    return Long.parseLong(serial.substring(4));
  }

  private static void check(String serial) {
    if (serial == null || serial.length() != 20) {
      throw new IllegalArgumentException("a card's application serial number has 20 digits");
    }
    for (int i = 0; i < 20; i++) {
      char c = serial.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("a card's application serial number has only digits");
      }
    }
  }

  /**
   * Reads a hotlist document.
   *
   * @throws DecodeException what is wrong and at which byte: a bad header, counts that disagree with the length,
   *     a digit that is not BCD, cards out of order, trailing bytes
   */
  public static HotlistFile parse(byte[] bytes) throws DecodeException {
    ByteReader r = new ByteReader(bytes);
    byte[] magic = r.bytes(4, "magic");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new DecodeException("not a hotlist (no UCHL magic)", 0);
    }
    int format = r.u8("format");
    if (format != FORMAT) {
      throw new DecodeException("hotlist format " + format + " is not supported (only " + FORMAT + ")", 4);
    }
    long version = r.uint(4, "version");
    long base = r.uint(4, "base version");
    if (version <= base) {
      throw new DecodeException("version " + version + " is not above its base " + base, 5);
    }
    long added = r.uint(4, "number of cards added");
    long removed = r.uint(4, "number of cards removed");
    if (base == 0 && removed != 0) {
      throw new DecodeException("a full list removes nothing, yet says " + removed, 17);
    }
    if ((added + removed) * ENTRY != r.remaining()) {
      throw new DecodeException(
          (added + removed) + " cards need " + (added + removed) * ENTRY + " bytes, the document has "
              + r.remaining(),
          HEADER);
    }
    long[][] a = entries(r, (int) added, "card added");
    long[][] m = entries(r, (int) removed, "card removed");
    r.expectEnd("hotlist");
    return new HotlistFile(version, base, a[0], a[1], m[0], m[1]);
  }

  private static long[][] entries(ByteReader r, int n, String what) throws DecodeException {
    long[] hi = new long[n];
    long[] lo = new long[n];
    for (int i = 0; i < n; i++) {
      int at = r.offset();
      byte[] b = r.bytes(ENTRY, what);
      long h = 0;
      long l = 0;
      for (int k = 0; k < 20; k++) {
        int digit = (b[k / 2] >> (k % 2 == 0 ? 4 : 0)) & 0x0F;
        if (digit > 9) {
          throw new DecodeException(what + " " + i + " holds a nibble " + Integer.toHexString(digit) + ", not a digit", at + k / 2);
        }
        if (k < 4) {
          h = h * 10 + digit;
        } else {
          l = l * 10 + digit;
        }
      }
      if (i > 0 && (h < hi[i - 1] || (h == hi[i - 1] && l <= lo[i - 1]))) {
        throw new DecodeException(what + " " + i + " is not above the one before: the list must be ascending", at);
      }
      hi[i] = h;
      lo[i] = l;
    }
    return new long[][] {hi, lo};
  }

  /** The document's bytes. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + ENTRY * (addHi.length + removeHi.length));
    out.write(MAGIC, 0, 4);
    out.write(FORMAT);
    u32(out, version);
    u32(out, baseVersion);
    u32(out, addHi.length);
    u32(out, removeHi.length);
    entries(out, addHi, addLo);
    entries(out, removeHi, removeLo);
    return out.toByteArray();
  }

  private static void u32(ByteArrayOutputStream out, long v) {
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }

  private static void entries(ByteArrayOutputStream out, long[] hi, long[] lo) {
    byte[] b = new byte[ENTRY];
    for (int i = 0; i < hi.length; i++) {
      long h = hi[i];
      long l = lo[i];
      for (int k = 19; k >= 0; k--) {
        int digit;
        if (k >= 4) {
          digit = (int) (l % 10);
          l /= 10;
        } else {
          digit = (int) (h % 10);
          h /= 10;
        }
        if (k % 2 == 0) {
          b[k / 2] = (byte) ((b[k / 2] & 0x0F) | (digit << 4));
        } else {
          b[k / 2] = (byte) ((b[k / 2] & 0xF0) | digit);
        }
      }
      out.write(b, 0, ENTRY);
    }
  }

  public long version() {
    return version;
  }

  /** 0 for a full list. */
  public long baseVersion() {
    return baseVersion;
  }

  public boolean isDelta() {
    return baseVersion != 0;
  }

  public int addedCount() {
    return addHi.length;
  }

  public int removedCount() {
    return removeHi.length;
  }

  long[] addHi() {
    return addHi;
  }

  long[] addLo() {
    return addLo;
  }

  long[] removeHi() {
    return removeHi;
  }

  long[] removeLo() {
    return removeLo;
  }
}
