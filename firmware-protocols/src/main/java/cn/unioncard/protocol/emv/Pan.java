package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;

/**
 * The Application Primary Account Number ({@code 5A}, cn up to 19 digits; EMV Book 3 Annex A1): 8 to 19 digits
 * (ISO/IEC 7812-1), the last a Luhn check digit. {@link #toString()} and {@link #masked()} never show the full
 * number; only {@link #digits()} does.
 */
public final class Pan {
  public static final int MIN_DIGITS = 8;
  public static final int MAX_DIGITS = 19;

  private final String digits;

  private Pan(String digits) {
    this.digits = digits;
  }

  /**
   * Decodes the value of {@code 5A}: digits left justified, padded with trailing {@code F} nibbles (format cn,
   * EMV Book 3 clause 4.3). A nibble {@code A}-{@code E}, a digit after the padding, or fewer than 8 or more
   * than 19 digits fail.
   */
  public static Pan decode(byte[] value) throws DecodeException {
    if (value.length > 10) {
      throw new DecodeException("PAN: " + value.length + " bytes, at most 10", 0, "5A");
    }
    StringBuilder sb = new StringBuilder(value.length * 2);
    boolean padding = false;
    for (int i = 0; i < value.length * 2; i++) {
      int nibble = (value[i / 2] >>> (i % 2 == 0 ? 4 : 0)) & 0x0F;
      if (nibble == 0x0F) {
        padding = true;
      } else if (padding || nibble > 9) {
        throw new DecodeException(
            "PAN: nibble " + "0123456789ABCDEF".charAt(nibble) + " is not a digit"
                + (padding ? " after the F padding" : ""),
            i / 2,
            "5A");
      } else {
        sb.append((char) ('0' + nibble));
      }
    }
    return parse(sb.toString());
  }

  /** A PAN from its digits, for example typed or from track 2. */
  public static Pan parse(String digits) throws DecodeException {
    if (digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS) {
      throw new DecodeException(
          "PAN: " + digits.length() + " digits, expected " + MIN_DIGITS + ".." + MAX_DIGITS, 0);
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new DecodeException("PAN: character " + i + " is not a digit", i);
      }
    }
    return new Pan(digits);
  }

  /** The full number. Keep it out of logs and screens; use {@link #masked()}. */
  public String digits() {
    return digits;
  }

  public int length() {
    return digits.length();
  }

  /** Whether the last digit is the Luhn (ISO/IEC 7812-1 Annex B) check digit of the others. */
  public boolean luhnValid() {
    return luhnValid(digits);
  }

  /** This PAN, or a DecodeException when its check digit is wrong (a misread or forged card). */
  public Pan requireLuhnValid() throws DecodeException {
    if (!luhnValid()) {
      throw new DecodeException("PAN " + masked() + " fails the Luhn check", DecodeException.NO_OFFSET, "5A");
    }
    return this;
  }

  /** The Luhn check over a string of digits (the last one being the check digit). */
  public static boolean luhnValid(String digits) {
    if (digits.isEmpty()) {
      return false;
    }
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /**
   * The PAN for display: the first 6 and last 4 digits, the rest {@code *} ({@code 621700******1234}). A PAN
   * shorter than 13 digits shows only its last 4, so that at least three digits always stay hidden (one or two
   * hidden digits could be recovered through the check digit).
   */
  public String masked() {
    int n = digits.length();
    int head = n >= 13 ? 6 : 0;
    StringBuilder sb = new StringBuilder(n);
    sb.append(digits, 0, head);
    for (int i = head; i < n - 4; i++) {
      sb.append('*');
    }
    sb.append(digits, n - 4, n);
    return sb.toString();
  }

  /** The cn encoding: digits left justified, one trailing {@code F} when the count is odd. */
  public byte[] encode() {
    String s = digits.length() % 2 == 0 ? digits : digits + "F";
    return Hex.of(s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pan && ((Pan) o).digits.equals(digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  /** The masked form: the full PAN never goes into a log line. */
  @Override
  public String toString() {
    return masked();
  }
}
