package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * The data an application cryptogram (ARQC, TC, AAC) is computed over, so the card and the issuer build the same
 * bytes: the terminal data objects of EMV Book 2 8.1.1 (the recommended minimum set), then the card's AIP, ATC and
 * card verification results. The CVR is taken from the issuer application data in its PBOC form
 * ({@code 9F10}: length, derivation key index, cryptogram version number, then the CVR with its own length byte at
 * offset 3, four bytes in all).
 */
public final class CryptogramInput {

  /** Amount, other amount, country, TVR, currency, date, type, unpredictable number: EMV Book 2 8.1.1. */
  private static final Tag[] TERMINAL_TAGS = {
    EmvTags.AMOUNT_AUTHORISED,
    EmvTags.AMOUNT_OTHER,
    EmvTags.TERMINAL_COUNTRY_CODE,
    EmvTags.TVR,
    EmvTags.TRANSACTION_CURRENCY_CODE,
    EmvTags.TRANSACTION_DATE,
    EmvTags.TRANSACTION_TYPE,
    EmvTags.UNPREDICTABLE_NUMBER
  };

  private static final int[] TERMINAL_LENGTHS = {6, 6, 2, 5, 2, 3, 1, 4};

  /** Where the CVR starts in PBOC issuer application data, and its length with its length byte. */
  static final int CVR_OFFSET = 3;

  static final int CVR_LENGTH = 4;

  private CryptogramInput() {}

  /**
   * The cryptogram input from data objects by tag: the eight terminal objects, {@code 82} (AIP), {@code 9F36}
   * (ATC) and {@code 9F10} (issuer application data).
   *
   * @throws DecodeException naming the tag when one is missing or has the wrong length
   */
  public static byte[] build(Map<Tag, byte[]> values) throws DecodeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(48);
    for (int i = 0; i < TERMINAL_TAGS.length; i++) {
      write(out, require(values, TERMINAL_TAGS[i], TERMINAL_LENGTHS[i]));
    }
    write(out, require(values, EmvTags.AIP, 2));
    write(out, require(values, EmvTags.ATC, 2));
    write(out, cvr(values.get(EmvTags.ISSUER_APPLICATION_DATA)));
    return out.toByteArray();
  }

  /** The CVR (with its length byte) inside PBOC issuer application data. */
  public static byte[] cvr(byte[] issuerApplicationData) throws DecodeException {
    String tag = EmvTags.ISSUER_APPLICATION_DATA.hex();
    if (issuerApplicationData == null) {
      throw new DecodeException("missing", DecodeException.NO_OFFSET, tag);
    }
    if (issuerApplicationData.length < CVR_OFFSET + CVR_LENGTH) {
      throw new DecodeException(
          "issuer application data of " + issuerApplicationData.length + " bytes holds no CVR",
          issuerApplicationData.length,
          tag);
    }
    byte[] cvr = new byte[CVR_LENGTH];
    System.arraycopy(issuerApplicationData, CVR_OFFSET, cvr, 0, CVR_LENGTH);
    return cvr;
  }

  private static byte[] require(Map<Tag, byte[]> values, Tag tag, int length) throws DecodeException {
    byte[] value = values.get(tag);
    if (value == null) {
      throw new DecodeException("missing", DecodeException.NO_OFFSET, tag.hex());
    }
    if (value.length != length) {
      throw new DecodeException(
          "length " + value.length + ", expected " + length, DecodeException.NO_OFFSET, tag.hex());
    }
    return value;
  }

  private static void write(ByteArrayOutputStream out, byte[] bytes) {
    out.write(bytes, 0, bytes.length);
  }
}
