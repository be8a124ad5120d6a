package cn.unioncard.protocol;

/**
 * Binary-coded decimal as EMV format {@code n} uses it (EMV Book 3 clause 4.3): two digits a byte, right
 * justified, padded with leading zeros. Amounts, dates and terminal numbers on the card are BCD.
 */
public final class Bcd {
  private Bcd() {}

  /** {@code value} as {@code bytes} bytes of BCD, left-padded with zeros. */
  public static byte[] encode(long value, int bytes) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value);
    }
    byte[] out = new byte[bytes];
    long v = value;
    for (int i = bytes - 1; i >= 0; i--) {
      int lo = (int) (v % 10);
      v /= 10;
      int hi = (int) (v % 10);
      v /= 10;
      out[i] = (byte) ((hi << 4) | lo);
    }
    if (v != 0) {
      throw new IllegalArgumentException(value + " does not fit in " + bytes + " BCD bytes");
    }
    return out;
  }

  /** BCD digits as a number; at most 18 digits (9 bytes). */
  public static long decode(byte[] bcd, String what) throws DecodeException {
    return decode(bcd, 0, bcd.length, what);
  }

  /** {@code length} bytes from {@code offset} as a number; {@link DecodeException} on a nibble over 9. */
  public static long decode(byte[] bcd, int offset, int length, String what) throws DecodeException {
    if (length > 9) {
      throw new IllegalArgumentException("more than 18 digits");
    }
    long v = 0;
    for (int i = offset; i < offset + length; i++) {
      int hi = (bcd[i] >>> 4) & 0x0F;
      int lo = bcd[i] & 0x0F;
      if (hi > 9 || lo > 9) {
        throw new DecodeException(what + ": " + Hex.byteToHex(bcd[i]) + " is not BCD", i);
      }
      v = v * 100 + hi * 10 + lo;
    }
    return v;
  }

  /** The digits as text, leading zeros kept; {@link DecodeException} on a nibble over 9. */
  public static String digits(byte[] bcd, String what) throws DecodeException {
    StringBuilder sb = new StringBuilder(bcd.length * 2);
    for (int i = 0; i < bcd.length; i++) {
      int hi = (bcd[i] >>> 4) & 0x0F;
      int lo = bcd[i] & 0x0F;
      if (hi > 9 || lo > 9) {
        throw new DecodeException(what + ": " + Hex.byteToHex(bcd[i]) + " is not BCD", i);
      }
      sb.append((char) ('0' + hi)).append((char) ('0' + lo));
    }
    return sb.toString();
  }
}
