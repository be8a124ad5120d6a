package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import java.util.HashMap;
import java.util.Map;

/**
 * An ISO 3166-1 numeric country code as the card and terminal carry it ({@code 9F1A}, {@code 5F28}: n3 in two
 * bytes, EMV Book 3 Annex A1), with the alpha-2 code and English short name for the countries a terminal in
 * China meets. A code not in the table decodes to an entry that is not {@link #known()}.
 */
public final class CountryCode {
  private static final Map<Integer, CountryCode> TABLE = new HashMap<>();

  static {
    // ISO 3166-1 (numeric, alpha-2, short name)
    t(156, "CN", "China");
    t(344, "HK", "Hong Kong");
    t(446, "MO", "Macao");
    t(158, "TW", "Taiwan, Province of China");
    t(840, "US", "United States of America");
    t(36, "AU", "Australia");
    t(826, "GB", "United Kingdom");
    t(392, "JP", "Japan");
    t(410, "KR", "Korea, Republic of");
    t(702, "SG", "Singapore");
    t(250, "FR", "France");
    t(276, "DE", "Germany");
    t(124, "CA", "Canada");
    t(764, "TH", "Thailand");
    t(458, "MY", "Malaysia");
    t(643, "RU", "Russian Federation");
  }

  private final int numeric;
  private final String alpha2;
  private final String name;

  private CountryCode(int numeric, String alpha2, String name) {
    this.numeric = numeric;
    this.alpha2 = alpha2;
    this.name = name;
  }

  private static void t(int numeric, String alpha2, String name) {
    TABLE.put(numeric, new CountryCode(numeric, alpha2, name));
  }

  /** The country with this numeric code: a table entry, or an unknown one. */
  public static CountryCode of(int numeric) {
    if (numeric < 0 || numeric > 999) {
      throw new IllegalArgumentException("not a 3-digit code: " + numeric);
    }
    CountryCode c = TABLE.get(numeric);
    return c != null ? c : new CountryCode(numeric, null, null);
  }

  /** Decodes n3 in two bytes ({@code 0156} is China). */
  public static CountryCode decode(byte[] value) throws DecodeException {
    return of(CurrencyCode.numericCode(value, "country code"));
  }

  /** The two-byte n3 encoding. */
  public byte[] encode() {
    return Bcd.encode(numeric, 2);
  }

  public int numeric() {
    return numeric;
  }

  /** Whether the table knows this code. */
  public boolean known() {
    return alpha2 != null;
  }

  /** The alpha-2 code, for example {@code CN}; null when unknown. */
  public String alpha2() {
    return alpha2;
  }

  /** The English short name; null when unknown. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountryCode && ((CountryCode) o).numeric == numeric;
  }

  @Override
  public int hashCode() {
    return numeric;
  }

  @Override
  public String toString() {
    return String.format("%03d", numeric) + (alpha2 != null ? " " + alpha2 : "");
  }
}
