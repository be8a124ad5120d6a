package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/** Field codecs shared by the purse types: the conventions of {@code package-info.java} in one place. */
final class PurseCodec {
  /** Cardholder names on the transit card: GBK (ASCII is a subset). */
  static final Charset GBK = Charset.forName("GBK");
  static final Charset ASCII = StandardCharsets.US_ASCII;

  /** Offset of the command data in a short command APDU. */
  static final int DATA_OFFSET = 5;

  private PurseCodec() {}

  // ---------------------------------------------------------------- reading

  static String hex(ByteReader r, int n, String what) throws DecodeException {
    return Hex.encode(r.bytes(n, what));
  }

  /** {@code n} bytes of BCD as 2n digits; a nibble over 9 fails with that byte's offset. */
  static String digits(ByteReader r, int n, String what) throws DecodeException {
    int at = r.offset();
    byte[] b = r.bytes(n, what);
    StringBuilder sb = new StringBuilder(2 * n);
    for (int i = 0; i < n; i++) {
      int hi = (b[i] >>> 4) & 0x0F;
      int lo = b[i] & 0x0F;
      if (hi > 9 || lo > 9) {
        throw new DecodeException(what + ": " + Hex.byteToHex(b[i]) + " is not BCD", at + i);
      }
      sb.append((char) ('0' + hi)).append((char) ('0' + lo));
    }
    return sb.toString();
  }

  /** 4-byte BCD {@code YYYYMMDD}; all {@code 00} or all {@code FF} is unset ({@code null}). */
  static LocalDate date(ByteReader r, String what) throws DecodeException {
    int at = r.offset();
    byte[] b = r.bytes(4, what);
    if (unset(b)) {
      return null;
    }
    int[] v = bcdPairs(b, at, what);
    try {
      return LocalDate.of(v[0] * 100 + v[1], v[2], v[3]);
    } catch (DateTimeException e) {
      throw new DecodeException(what + ": " + Hex.encode(b) + " is not a date", at);
    }
  }

  /** 7-byte BCD {@code YYYYMMDDhhmmss}; all {@code 00} or all {@code FF} is unset ({@code null}). */
  static LocalDateTime dateTime(ByteReader r, String what) throws DecodeException {
    int at = r.offset();
    byte[] b = r.bytes(7, what);
    if (unset(b)) {
      return null;
    }
    int[] v = bcdPairs(b, at, what);
    try {
      return LocalDateTime.of(v[0] * 100 + v[1], v[2], v[3], v[4], v[5], v[6]);
    } catch (DateTimeException e) {
      throw new DecodeException(what + ": " + Hex.encode(b) + " is not a date and time", at);
    }
  }

  /**
   * Fixed-length text: trailing {@code 00}, {@code 20} and {@code FF} trimmed, the rest decoded strictly.
   * The decoded text must encode back to the same bytes (so it re-encodes exactly).
   */
  static String text(ByteReader r, int n, Charset cs, String what) throws DecodeException {
    int at = r.offset();
    byte[] b = r.bytes(n, what);
    int len = n;
    while (len > 0 && isPad(b[len - 1])) {
      len--;
    }
    byte[] used = Arrays.copyOf(b, len);
    String s;
    try {
      s = decoder(cs).decode(ByteBuffer.wrap(used)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(what + ": not valid " + cs.name() + " text", at);
    }
    byte[] again = encodeText(s, cs);
    if (again == null || !Arrays.equals(again, used)) {
      throw new DecodeException(what + ": " + cs.name() + " text does not re-encode to the same bytes", at);
    }
    return s;
  }

  private static boolean isPad(byte b) {
    return b == 0x00 || b == 0x20 || b == (byte) 0xFF;
  }

  private static boolean unset(byte[] b) {
    boolean zeros = true;
    boolean ones = true;
    for (byte x : b) {
      zeros &= x == 0;
      ones &= x == (byte) 0xFF;
    }
    return zeros || ones;
  }

  private static int[] bcdPairs(byte[] b, int at, String what) throws DecodeException {
    int[] v = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      int hi = (b[i] >>> 4) & 0x0F;
      int lo = b[i] & 0x0F;
      if (hi > 9 || lo > 9) {
        throw new DecodeException(what + ": " + Hex.byteToHex(b[i]) + " is not BCD", at + i);
      }
      v[i] = hi * 10 + lo;
    }
    return v;
  }

  private static CharsetDecoder decoder(Charset cs) {
    return cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** The strict encoding of {@code s}, or null when a character has none. */
  private static byte[] encodeText(String s, Charset cs) {
    CharsetEncoder enc = cs.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer bb = enc.encode(CharBuffer.wrap(s));
      byte[] out = new byte[bb.remaining()];
      bb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- APDU checks

  /** Checks the header and Lc of a command; returns a reader over its data (offsets as on the wire). */
  static ByteReader command(CommandApdu c, int cla, int ins, int p1, int p2, int lc, String name)
      throws DecodeException {
    header(c, cla, ins, name);
    expect(c.p1(), p1, 2, name + " P1");
    expect(c.p2(), p2, 3, name + " P2");
    if (c.nc() != lc) {
      throw new DecodeException(name + ": Lc " + c.nc() + ", expected " + lc, 4);
    }
    return data(c, name);
  }

  /** A reader over the command data whose offsets count from the start of the short encoding. */
  static ByteReader data(CommandApdu c, String name) throws DecodeException {
    if (c.isExtended()) {
      throw new DecodeException(name + ": extended length fields; the purse uses short APDUs", 4);
    }
    ByteReader r = new ByteReader(c.encode());
    r.skip(DATA_OFFSET, name + " header");
    return r.slice(c.nc(), name + " data");
  }

  static void header(CommandApdu c, int cla, int ins, String name) throws DecodeException {
    expect(c.cla(), cla, 0, name + " CLA");
    expect(c.ins(), ins, 1, name + " INS");
  }

  static void expect(int actual, int expected, int offset, String what) throws DecodeException {
    if (actual != expected) {
      throw new DecodeException(
          what + " is " + Hex.byteToHex(actual) + ", expected " + Hex.byteToHex(expected), offset);
    }
  }

  /** Le may be absent, {@code 00}, or the exact response length ({@code responseLength}). */
  static void ne(CommandApdu c, int responseLength, String name) throws DecodeException {
    int ne = c.ne();
    if (ne != 0 && ne != 256 && ne != responseLength) {
      throw new DecodeException(
          name + ": Le " + ne + ", expected none, 00 or " + responseLength,
          c.nc() == 0 ? 4 : DATA_OFFSET + c.nc());
    }
  }

  /** The data of a {@code 9000} response of exactly {@code length} bytes. */
  static ByteReader okData(ResponseApdu r, int length, String name) throws DecodeException {
    okStatus(r, name);
    if (r.dataLength() != length) {
      throw new DecodeException(
          name + ": " + r.dataLength() + " byte(s) of response data, expected " + length,
          Math.min(length, r.dataLength()));
    }
    return new ByteReader(r.data());
  }

  static void okStatus(ResponseApdu r, String name) throws DecodeException {
    if (!r.isOk()) {
      throw new DecodeException(
          name + ": status " + StatusWord.of(r.sw()) + " is not success", r.dataLength());
    }
  }

  // ---------------------------------------------------------------- validation (programming errors)

  /** Upper-case hex of exactly {@code bytes} bytes. */
  static String checkHex(String s, int bytes, String what) {
    if (s == null || s.length() != 2 * bytes) {
      throw new IllegalArgumentException(what + ": expected " + bytes + " bytes of hex, got " + s);
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        throw new IllegalArgumentException(what + ": not hex: " + s);
      }
    }
    return s.toUpperCase(Locale.ROOT);
  }

  static String checkDigits(String s, int count, String what) {
    if (s == null || s.length() != count) {
      throw new IllegalArgumentException(what + ": expected " + count + " digits, got " + s);
    }
    for (int i = 0; i < count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(what + ": not a digit string: " + s);
      }
    }
    return s;
  }

  static int checkUint(int v, int bytes, String what) {
    if (v < 0 || (bytes < 4 && v >= (1 << (8 * bytes)))) {
      throw new IllegalArgumentException(what + " out of range for " + bytes + " byte(s): " + v);
    }
    return v;
  }

  static long checkUint(long v, int bytes, String what) {
    if (v < 0 || v >= (1L << (8 * bytes))) {
      throw new IllegalArgumentException(what + " out of range for " + bytes + " byte(s): " + v);
    }
    return v;
  }

  static LocalDate checkDate(LocalDate d, String what) {
    if (d != null && (d.getYear() < 0 || d.getYear() > 9999)) {
      throw new IllegalArgumentException(what + ": year outside 0000-9999: " + d);
    }
    return d;
  }

  /** Seconds precision (the card keeps no fraction); year 0000-9999. */
  static LocalDateTime checkDateTime(LocalDateTime t, String what) {
    if (t == null) {
      return null;
    }
    if (t.getYear() < 0 || t.getYear() > 9999) {
      throw new IllegalArgumentException(what + ": year outside 0000-9999: " + t);
    }
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Text that encodes in at most {@code n} bytes and does not end in a padding byte. */
  static String checkText(String s, int n, Charset cs, String what) {
    if (s == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    byte[] b = encodeText(s, cs);
    if (b == null) {
      throw new IllegalArgumentException(what + ": not encodable in " + cs.name() + ": " + s);
    }
    if (b.length > n) {
      throw new IllegalArgumentException(what + ": " + b.length + " bytes, at most " + n);
    }
    if (b.length > 0 && isPad(b[b.length - 1])) {
      throw new IllegalArgumentException(what + ": ends in a padding character");
    }
    return s;
  }

  /** Masks all but the first {@code head} and last {@code tail} characters (for toString). */
  static String mask(String s, int head, int tail) {
    if (s == null) {
      return null;
    }
    if (s.length() <= head + tail) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        sb.append('*');
      }
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder(s.substring(0, head));
    for (int i = head; i < s.length() - tail; i++) {
      sb.append('*');
    }
    return sb.append(s.substring(s.length() - tail)).toString();
  }

  // ---------------------------------------------------------------- writing

  /** A fixed-size output buffer written front to back. */
  static final class Writer {
    private final byte[] out;
    private int pos;

    Writer(int size) {
      out = new byte[size];
    }

    Writer u8(int v) {
      out[pos++] = (byte) v;
      return this;
    }

    Writer u16(int v) {
      return uint(v, 2);
    }

    Writer uint(long v, int n) {
      for (int i = n - 1; i >= 0; i--) {
        out[pos++] = (byte) (v >>> (8 * i));
      }
      return this;
    }

    Writer bytes(byte[] b) {
      System.arraycopy(b, 0, out, pos, b.length);
      pos += b.length;
      return this;
    }

    /** Hex text (already checked) as bytes; digit strings are written the same way. */
    Writer hex(String s) {
      return bytes(Hex.of(s));
    }

    Writer date(LocalDate d) {
      if (d == null) {
        pos += 4;
        return this;
      }
      return pair(d.getYear() / 100).pair(d.getYear() % 100).pair(d.getMonthValue()).pair(d.getDayOfMonth());
    }

    Writer dateTime(LocalDateTime t) {
      if (t == null) {
        pos += 7;
        return this;
      }
      return pair(t.getYear() / 100)
          .pair(t.getYear() % 100)
          .pair(t.getMonthValue())
          .pair(t.getDayOfMonth())
          .pair(t.getHour())
          .pair(t.getMinute())
          .pair(t.getSecond());
    }

    /** Text (already checked) padded with {@code 00} to {@code n} bytes. */
    Writer text(String s, int n, Charset cs) {
      byte[] b = encodeText(s, cs);
      System.arraycopy(b, 0, out, pos, b.length);
      pos += n;
      return this;
    }

    private Writer pair(int v) {
      out[pos++] = (byte) (((v / 10) << 4) | (v % 10));
      return this;
    }

    byte[] done() {
      if (pos != out.length) {
        throw new IllegalStateException("wrote " + pos + " of " + out.length + " bytes");
      }
      return out;
    }
  }
}
