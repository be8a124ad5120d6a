package cn.unioncard.protocol;

/** Hexadecimal text and bytes. (java.util.HexFormat is not on Android before API 34.) */
public final class Hex {
  private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

  private Hex() {}

  /** Upper-case hex, no separators. */
  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  /** Upper-case hex of {@code length} bytes from {@code offset}. */
  public static String encode(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes[offset + i] & 0xFF;
      out[2 * i] = DIGITS[b >>> 4];
      out[2 * i + 1] = DIGITS[b & 0x0F];
    }
    return new String(out);
  }

  /** One byte as two upper-case hex digits. */
  public static String byteToHex(int b) {
    return new String(new char[] {DIGITS[(b >>> 4) & 0x0F], DIGITS[b & 0x0F]});
  }

  /**
   * Hex text from a person or a file: white space anywhere is ignored; anything else must be a hex digit,
   * in pairs.
   *
   * @throws DecodeException naming the offset of the first character that is not a hex digit, or an odd count
   */
  public static byte[] parse(CharSequence text) throws DecodeException {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (value(c) < 0) {
        throw new DecodeException("'" + printable(c) + "' is not a hex digit", i);
      }
      digits++;
    }
    if (digits % 2 != 0) {
      throw new DecodeException("odd number of hex digits (" + digits + ")", text.length());
    }
    byte[] out = new byte[digits / 2];
    int n = 0;
    int high = -1;
    for (int i = 0; i < text.length(); i++) {
      int v = value(text.charAt(i));
      if (v < 0) {
        continue;
      }
      if (high < 0) {
        high = v;
      } else {
        out[n++] = (byte) ((high << 4) | v);
        high = -1;
      }
    }
    return out;
  }

  /** Hex written in source code (constants, tests): a bad literal is a programming error. */
  public static byte[] of(String text) {
    try {
      return parse(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("bad hex literal: " + e.getMessage(), e);
    }
  }

  private static int value(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c);
  }
}
