package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;

/**
 * The Cardholder Name ({@code 5F20}, ans 2-26) or Cardholder Name Extended ({@code 9F0B}, ans 27-45; EMV Book 3
 * Annex A1). EMV says ASCII; Chinese issuers write the name in GBK, so a value that is not printable ASCII is
 * decoded as GBK. Trailing spaces (ASCII and ideographic) are trimmed.
 */
public final class CardholderName {
  private final String text;
  private final boolean gbk;

  private CardholderName(String text, boolean gbk) {
    this.text = text;
    this.gbk = gbk;
  }

  /** Decodes the value of {@code 5F20}. */
  public static CardholderName decode(byte[] value) throws DecodeException {
    return decode(value, EmvTags.CARDHOLDER_NAME);
  }

  /** Decodes the value of {@code 9F0B}. */
  public static CardholderName decodeExtended(byte[] value) throws DecodeException {
    return decode(value, EmvTags.CARDHOLDER_NAME_EXTENDED);
  }

  private static CardholderName decode(byte[] value, cn.unioncard.protocol.tlv.Tag tag)
      throws DecodeException {
    EmvTags.checkLength(tag, value);
    try {
      boolean ascii = Texts.isPrintableAscii(value);
      return new CardholderName(
          Texts.trimTrailingSpaces(Texts.asciiOrGbk(value, "cardholder name")), !ascii);
    } catch (DecodeException e) {
      throw e.inTag(tag.hex());
    }
  }

  /** The name as text, trailing spaces removed. */
  public String text() {
    return text;
  }

  /** Whether the card wrote the name in GBK rather than ASCII. */
  public boolean isGbk() {
    return gbk;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CardholderName && ((CardholderName) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
