package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Track 2 Equivalent Data ({@code 57}, b up to 19 bytes; EMV Book 3 Annex A1, layout of ISO/IEC 7813 track 2):
 * PAN (up to 19 digits), field separator {@code D}, expiry YYMM, service code (3 digits), discretionary data
 * (digits), and one {@code F} nibble of padding when the nibble count is odd.
 *
 * <p>{@link #toString()} masks the PAN and leaves out the discretionary data (it may hold card verification
 * values).
 */
public final class Track2 {
  /** Largest value: 19 bytes. */
  public static final int MAX_BYTES = 19;

  private final Pan pan;
  private final YearMonth expiry;
  private final String serviceCode;
  private final String discretionaryData;

  /**
   * @param serviceCode exactly three digits
   * @param discretionaryData digits only, possibly empty
   */
  public Track2(Pan pan, YearMonth expiry, String serviceCode, String discretionaryData) {
    if (!isDigits(serviceCode) || serviceCode.length() != 3) {
      throw new IllegalArgumentException("service code must be 3 digits");
    }
    if (!isDigits(discretionaryData)) {
      throw new IllegalArgumentException("discretionary data must be digits");
    }
    int y = expiry.getYear();
    if (y < 1950 || y > 2049) {
      throw new IllegalArgumentException("expiry year outside 1950..2049: " + y);
    }
    int nibbles = pan.length() + 1 + 4 + 3 + discretionaryData.length();
    if ((nibbles + 1) / 2 > MAX_BYTES) {
      throw new IllegalArgumentException("track 2 longer than " + MAX_BYTES + " bytes");
    }
    this.pan = pan;
    this.expiry = expiry;
    this.serviceCode = serviceCode;
    this.discretionaryData = discretionaryData;
  }

  /** Decodes the value of tag {@code 57}. */
  public static Track2 decode(byte[] value) throws DecodeException {
    if (value.length == 0 || value.length > MAX_BYTES) {
      throw new DecodeException("track 2: length " + value.length + " is not 1.." + MAX_BYTES, 0, "57");
    }
    String nibbles = Hex.encode(value);
    int end = nibbles.length();
    if (nibbles.charAt(end - 1) == 'F') {
      end--; // the one padding nibble
    }
    int sep = -1;
    for (int i = 0; i < end; i++) {
      char c = nibbles.charAt(i);
      if (c == 'D' && sep < 0) {
        sep = i;
      } else if (c < '0' || c > '9') {
        throw new DecodeException("track 2: nibble " + c + " is not a digit", i / 2, "57");
      }
    }
    if (sep < 0) {
      throw new DecodeException("track 2: no field separator D", 0, "57");
    }
    Pan pan;
    try {
      pan = Pan.parse(nibbles.substring(0, sep));
    } catch (DecodeException e) {
      throw new DecodeException("track 2: " + e.reason(), 0, "57");
    }
    if (end - sep - 1 < 7) {
      throw new DecodeException("track 2: expiry and service code missing after the separator", sep / 2, "57");
    }
    int yy = Integer.parseInt(nibbles.substring(sep + 1, sep + 3));
    int mm = Integer.parseInt(nibbles.substring(sep + 3, sep + 5));
    YearMonth expiry;
    try {
      expiry = EmvValues.yearMonth(yy, mm, (sep + 3) / 2, "track 2 expiry");
    } catch (DecodeException e) {
      throw e.inTag("57");
    }
    String service = nibbles.substring(sep + 5, sep + 8);
    String discretionary = nibbles.substring(sep + 8, end);
    return new Track2(pan, expiry, service, discretionary);
  }

  /** The encoding: the nibbles in order, {@code F}-padded to whole bytes. */
  public byte[] encode() {
    String yymm = String.format("%02d%02d", expiry.getYear() % 100, expiry.getMonthValue());
    String s = pan.digits() + "D" + yymm + serviceCode + discretionaryData;
    return Hex.of(s.length() % 2 == 0 ? s : s + "F");
  }

  public Pan pan() {
    return pan;
  }

  /** The expiry month (YYMM); a card is valid to the end of it. */
  public YearMonth expiry() {
    return expiry;
  }

  /** The three-digit service code (ISO/IEC 7813), for example {@code 220} for a chip card. */
  public String serviceCode() {
    return serviceCode;
  }

  /** The discretionary data digits (may be empty). */
  public String discretionaryData() {
    return discretionaryData;
  }

  /**
   * Whether the PAN here equals {@code pan} ({@code 5A}) and the expiry month equals the month of
   * {@code expiry} ({@code 5F24}); a null argument is not compared.
   */
  public boolean agreesWith(Pan pan, LocalDate expiry) {
    return (pan == null || this.pan.equals(pan))
        && (expiry == null || this.expiry.equals(YearMonth.from(expiry)));
  }

  /**
   * Fails unless track 2 agrees with the PAN and expiry date read from the records: a card whose magnetic-stripe
   * image contradicts its chip data must not be processed.
   */
  public void checkAgainst(Pan pan, LocalDate expiry) throws DecodeException {
    if (pan != null && !this.pan.equals(pan)) {
      throw new DecodeException(
          "track 2 PAN " + this.pan.masked() + " differs from 5A " + pan.masked(),
          DecodeException.NO_OFFSET,
          "57");
    }
    if (expiry != null && !this.expiry.equals(YearMonth.from(expiry))) {
      throw new DecodeException(
          "track 2 expiry " + this.expiry + " differs from 5F24 " + expiry, DecodeException.NO_OFFSET, "57");
    }
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Track2)) {
      return false;
    }
    Track2 t = (Track2) o;
    return pan.equals(t.pan)
        && expiry.equals(t.expiry)
        && serviceCode.equals(t.serviceCode)
        && discretionaryData.equals(t.discretionaryData);
  }

  @Override
  public int hashCode() {
    return ((pan.hashCode() * 31 + expiry.hashCode()) * 31 + serviceCode.hashCode()) * 31
        + discretionaryData.hashCode();
  }

  @Override
  public String toString() {
    return "Track2{" + pan.masked() + " exp " + expiry + " svc " + serviceCode + "}";
  }
}
