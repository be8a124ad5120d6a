package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Decoders (and encoders) for the small numeric data elements a terminal shows or sends: amounts ({@code n12}),
 * dates ({@code n6} YYMMDD), times ({@code n6} HHMMSS), counters, the language preference. Each is strict: a
 * wrong length, a nibble over 9 or an impossible date fails with {@link DecodeException}.
 *
 * <p>Years: EMV dates carry two digits; YY 00-49 is 20YY and 50-99 is 19YY (EMV Book 4, "Date
 * Management").
 */
public final class EmvValues {
  /** Largest amount an {@code n12} field holds: 999 999 999 999 minor units. */
  public static final long MAX_AMOUNT = 999_999_999_999L;

  private EmvValues() {}

  /**
   * An amount, {@code n12} in 6 bytes ({@code 9F02}, {@code 9F03}, {@code 9F79}, {@code 9F77}, {@code 9F78},
   * {@code 9F5D}; EMV Book 3 Annex A1, JR/T 0025.13): minor units of the currency, fen for CNY.
   */
  public static long amount(byte[] value) throws DecodeException {
    requireLength(value, 6, "amount (n12)");
    return Bcd.decode(value, "amount (n12)");
  }

  /** {@code minorUnits} as an {@code n12} amount. */
  public static byte[] encodeAmount(long minorUnits) {
    if (minorUnits < 0 || minorUnits > MAX_AMOUNT) {
      throw new IllegalArgumentException("amount out of n12 range: " + minorUnits);
    }
    return Bcd.encode(minorUnits, 6);
  }

  /** A numeric ({@code n}) value of any length up to 9 bytes as a number; leading zeros allowed. */
  public static long numeric(byte[] value, String what) throws DecodeException {
    if (value.length == 0 || value.length > 9) {
      throw new DecodeException(what + ": length " + value.length + " is not 1..9", 0);
    }
    return Bcd.decode(value, what);
  }

  /**
   * A transaction date {@code 9A} (n6 YYMMDD). Strict: a day the month does not have fails.
   */
  public static LocalDate transactionDate(byte[] value) throws DecodeException {
    return date(value, "transaction date", false);
  }

  /**
   * The Application Expiration Date {@code 5F24} (n6 YYMMDD). Issuers commonly personalise the last day of the
   * month as 31 whatever the month; EMV does not say what a day the month lacks means, so a day of 29-31 past
   * the month's end is read as the month's last day (a card expiring "2025-02-31" expires at the end of
   * February 2025). Day 00, day 32 and up, and months outside 01-12 fail.
   */
  public static LocalDate expiryDate(byte[] value) throws DecodeException {
    return date(value, "expiration date", true);
  }

  /** The Application Effective Date {@code 5F25}: read like {@link #expiryDate}. */
  public static LocalDate effectiveDate(byte[] value) throws DecodeException {
    return date(value, "effective date", true);
  }

  /** {@code date} as n6 YYMMDD; the year must be 1950-2049. */
  public static byte[] encodeDate(LocalDate date) {
    int y = date.getYear();
    if (y < 1950 || y > 2049) {
      throw new IllegalArgumentException("year outside 1950..2049: " + y);
    }
    return Bcd.encode((y % 100) * 10000L + date.getMonthValue() * 100L + date.getDayOfMonth(), 3);
  }

  /** A transaction time {@code 9F21} (n6 HHMMSS). */
  public static LocalTime transactionTime(byte[] value) throws DecodeException {
    requireLength(value, 3, "transaction time (n6)");
    int hh = twoDigits(value, 0, "hour");
    int mm = twoDigits(value, 1, "minute");
    int ss = twoDigits(value, 2, "second");
    if (hh > 23 || mm > 59 || ss > 59) {
      throw new DecodeException(
          "transaction time: " + hh + ":" + mm + ":" + ss + " is not a time of day", 0);
    }
    return LocalTime.of(hh, mm, ss);
  }

  /** {@code time} as n6 HHMMSS (seconds truncated). */
  public static byte[] encodeTime(LocalTime time) {
    return Bcd.encode(
        time.getHour() * 10000L + time.getMinute() * 100L + time.getSecond(), 3);
  }

  /** A two-byte binary counter: ATC {@code 9F36}, last online ATC {@code 9F13}. */
  public static int counter(byte[] value) throws DecodeException {
    requireLength(value, 2, "counter (b2)");
    return ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
  }

  /**
   * The Language Preference {@code 5F2D} (an 2-8): one to four ISO 639-1 codes in order of preference, for
   * example {@code ["zh", "en"]}. Letters only; upper case is read as lower case.
   */
  public static List<String> languagePreference(byte[] value) throws DecodeException {
    if (value.length < 2 || value.length > 8 || value.length % 2 != 0) {
      throw new DecodeException(
          "language preference: length " + value.length + " is not 2, 4, 6 or 8", 0, "5F2D");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.length; i += 2) {
      char a = (char) (value[i] & 0xFF);
      char b = (char) (value[i + 1] & 0xFF);
      if (!isLetter(a) || !isLetter(b)) {
        throw new DecodeException("language preference: not a two-letter code", i, "5F2D");
      }
      out.add(("" + a + b).toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableList(out);
  }

  /** The expiry of track 2 equivalent data (YYMM, already split into digits). */
  static YearMonth yearMonth(int yy, int mm, int offset, String what) throws DecodeException {
    if (mm < 1 || mm > 12) {
      throw new DecodeException(what + ": month " + mm + " is not 01..12", offset);
    }
    return YearMonth.of(century(yy), mm);
  }

  static int century(int yy) {
    return yy < 50 ? 2000 + yy : 1900 + yy;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static LocalDate date(byte[] value, String what, boolean lastDayIfPastEnd)
      throws DecodeException {
    requireLength(value, 3, what + " (n6)");
    int yy = twoDigits(value, 0, what);
    int mm = twoDigits(value, 1, what);
    int dd = twoDigits(value, 2, what);
    YearMonth ym = yearMonth(yy, mm, 1, what);
    if (dd < 1 || dd > 31) {
      throw new DecodeException(what + ": day " + dd + " is not 01..31", 2);
    }
    if (dd > ym.lengthOfMonth()) {
      if (!lastDayIfPastEnd) {
        throw new DecodeException(what + ": " + ym + " has no day " + dd, 2);
      }
      return ym.atEndOfMonth();
    }
    return ym.atDay(dd);
  }

  private static int twoDigits(byte[] v, int i, String what) throws DecodeException {
    return (int) Bcd.decode(v, i, 1, what);
  }

  static void requireLength(byte[] value, int length, String what) throws DecodeException {
    if (value.length != length) {
      throw new DecodeException(what + ": length " + value.length + ", expected " + length, 0);
    }
  }
}
