package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import java.util.HashMap;
import java.util.Map;

/**
 * An ISO 4217 numeric currency code as the card and terminal carry it ({@code 5F2A}, {@code 9F42}, {@code 9F51}:
 * n3 in two bytes, EMV Book 3 Annex A1), with the alphabetic code, name and minor unit for the currencies a
 * terminal in China meets. A code not in the table decodes to an entry that is not {@link #known()}.
 */
public final class CurrencyCode {
  private static final Map<Integer, CurrencyCode> TABLE = new HashMap<>();

  static {
    // ISO 4217 (numeric, alphabetic, name, minor unit)
    t(156, "CNY", "Yuan Renminbi", 2);
    t(344, "HKD", "Hong Kong Dollar", 2);
    t(446, "MOP", "Pataca", 2);
    t(901, "TWD", "New Taiwan Dollar", 2);
    t(840, "USD", "US Dollar", 2);
    t(978, "EUR", "Euro", 2);
    t(392, "JPY", "Yen", 0);
    t(410, "KRW", "Won", 0);
    t(36, "AUD", "Australian Dollar", 2);
    t(826, "GBP", "Pound Sterling", 2);
    t(702, "SGD", "Singapore Dollar", 2);
    t(124, "CAD", "Canadian Dollar", 2);
    t(756, "CHF", "Swiss Franc", 2);
    t(764, "THB", "Baht", 2);
    t(458, "MYR", "Malaysian Ringgit", 2);
    t(643, "RUB", "Russian Ruble", 2);
  }

  private final int numeric;
  private final String alpha;
  private final String name;
  private final int minorUnits;

  private CurrencyCode(int numeric, String alpha, String name, int minorUnits) {
    this.numeric = numeric;
    this.alpha = alpha;
    this.name = name;
    this.minorUnits = minorUnits;
  }

  private static void t(int numeric, String alpha, String name, int minorUnits) {
    TABLE.put(numeric, new CurrencyCode(numeric, alpha, name, minorUnits));
  }

  /** The currency with this numeric code: a table entry, or an unknown one. */
  public static CurrencyCode of(int numeric) {
    if (numeric < 0 || numeric > 999) {
      throw new IllegalArgumentException("not a 3-digit code: " + numeric);
    }
    CurrencyCode c = TABLE.get(numeric);
    return c != null ? c : new CurrencyCode(numeric, null, null, -1);
  }

  /** Decodes n3 in two bytes ({@code 0156} is CNY). */
  public static CurrencyCode decode(byte[] value) throws DecodeException {
    return of(numericCode(value, "currency code"));
  }

  static int numericCode(byte[] value, String what) throws DecodeException {
    EmvValues.requireLength(value, 2, what + " (n3)");
    long v = Bcd.decode(value, what);
    if (v > 999) {
      throw new DecodeException(what + ": " + v + " has more than 3 digits", 0);
    }
    return (int) v;
  }

  /** The two-byte n3 encoding. */
  public byte[] encode() {
    return Bcd.encode(numeric, 2);
  }

  public int numeric() {
    return numeric;
  }

  /** Whether the table knows this code (then alpha, name and minor units are set). */
  public boolean known() {
    return alpha != null;
  }

  /** The alphabetic code, for example {@code CNY}; null when unknown. */
  public String alpha() {
    return alpha;
  }

  /** The ISO 4217 name, for example "Yuan Renminbi"; null when unknown. */
  public String name() {
    return name;
  }

  /** Digits after the decimal point (2 for CNY: amounts are fen); -1 when unknown. */
  public int minorUnits() {
    return minorUnits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CurrencyCode && ((CurrencyCode) o).numeric == numeric;
  }

  @Override
  public int hashCode() {
    return numeric;
  }

  @Override
  public String toString() {
    return String.format("%03d", numeric) + (alpha != null ? " " + alpha : "");
  }
}
