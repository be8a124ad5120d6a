package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The response to GET PROCESSING OPTIONS (EMV Book 3 clause 6.5.8.4; JR/T 0025.12 for qPBOC):
 *
 * <ul>
 *   <li>format 1: {@code 80} holding the AIP (2 bytes) and the AFL (4 bytes an entry);
 *   <li>format 2: {@code 77} holding {@code 82} AIP, {@code 94} AFL and, for qPBOC/qVSDC, the data the card
 *       returns at once: {@code 9F36} ATC, {@code 9F26} cryptogram, {@code 9F27} CID, {@code 9F10} IAD,
 *       {@code 57} track 2, {@code 5F34}, {@code 9F4B} SDAD for fDDA, {@code 9F6C} CTQ, {@code 9F5D}, ...
 * </ul>
 *
 * The AIP is mandatory; the AFL is mandatory in format 1 and optional in format 2 (qVSDC cards may omit it:
 * then {@link #afl()} is empty). Every other data object is kept as TLV and decoded on request, each failing
 * alone (null when absent).
 */
public final class GpoResponse {
  private final int format;
  private final Aip aip;
  private final Afl afl;
  private final Tlv template;

  private GpoResponse(int format, Aip aip, Afl afl, Tlv template) {
    this.format = format;
    this.aip = aip;
    this.afl = afl;
    this.template = template;
  }

  /** A format 1 response. */
  public static GpoResponse format1(Aip aip, Afl afl) {
    byte[] a = aip.encode();
    byte[] l = afl.encode();
    byte[] v = Arrays.copyOf(a, a.length + l.length);
    System.arraycopy(l, 0, v, a.length, l.length);
    return new GpoResponse(1, aip, afl, Tlv.of(EmvTags.RESPONSE_FORMAT_1, v));
  }

  /** Decodes GPO response data (without the status word). */
  public static GpoResponse decode(byte[] responseData) throws DecodeException {
    Tlv t = BerTlv.decodeOne(responseData);
    if (t.tag().equals(EmvTags.RESPONSE_FORMAT_1)) {
      byte[] v = t.value();
      if (v.length < 2) {
        throw new DecodeException("GPO format 1: " + v.length + " byte(s), AIP needs 2", 0, "80");
      }
      Aip aip = Aip.decode(Arrays.copyOf(v, 2));
      Afl afl;
      try {
        afl = Afl.decode(Arrays.copyOfRange(v, 2, v.length));
      } catch (DecodeException e) {
        throw new DecodeException(e.reason(), e.offset() + 2, "80");
      }
      return new GpoResponse(1, aip, afl, t);
    }
    if (t.tag().equals(EmvTags.RESPONSE_FORMAT_2)) {
      Tlv aipTlv = t.child(EmvTags.AIP);
      if (aipTlv == null) {
        throw new DecodeException("GPO format 2 without AIP (82)", 0, "77");
      }
      Aip aip = Aip.decode(aipTlv.value());
      Tlv aflTlv = t.child(EmvTags.AFL);
      Afl afl = aflTlv == null ? new Afl(Collections.<Afl.Entry>emptyList()) : Afl.decode(aflTlv.value());
      return new GpoResponse(2, aip, afl, t);
    }
    throw new DecodeException("GPO response: tag " + t.tag() + ", expected 80 or 77", 0);
  }

  /** 1 ({@code 80}) or 2 ({@code 77}). */
  public int format() {
    return format;
  }

  public Aip aip() {
    return aip;
  }

  /** The AFL; empty when a format 2 response has none. */
  public Afl afl() {
    return afl;
  }

  /** The response template as received ({@code 80} or {@code 77}). */
  public Tlv template() {
    return template;
  }

  /** The data objects of a format 2 response, in order; empty for format 1. */
  public List<Tlv> dataObjects() {
    return template.children();
  }

  /** A data object of a format 2 response by tag (direct child of {@code 77}), or null. */
  public Tlv find(Tag tag) {
    return template.child(tag);
  }

  /** {@code 9F36} Application Transaction Counter. */
  public Integer atc() throws DecodeException {
    byte[] v = value(EmvTags.ATC);
    return v == null ? null : Decoding.inTag(EmvTags.ATC, () -> EmvValues.counter(v));
  }

  /** {@code 9F26} Application Cryptogram (8 bytes). */
  public byte[] applicationCryptogram() throws DecodeException {
    return checked(EmvTags.APPLICATION_CRYPTOGRAM);
  }

  /** {@code 9F27} Cryptogram Information Data: for qPBOC, TC (offline approved), ARQC (online) or AAC. */
  public Cid cid() throws DecodeException {
    byte[] v = value(EmvTags.CID);
    return v == null ? null : Cid.decode(v);
  }

  /** {@code 9F10} Issuer Application Data (up to 32 bytes). */
  public byte[] issuerApplicationData() throws DecodeException {
    return checked(EmvTags.ISSUER_APPLICATION_DATA);
  }

  /** {@code 57} Track 2 Equivalent Data. */
  public Track2 track2() throws DecodeException {
    byte[] v = value(EmvTags.TRACK2);
    return v == null ? null : Track2.decode(v);
  }

  /** {@code 5F34} Application PAN Sequence Number (n2). */
  public Integer panSequenceNumber() throws DecodeException {
    byte[] v = checked(EmvTags.PAN_SEQUENCE_NUMBER);
    return v == null
        ? null
        : Decoding.inTag(
            EmvTags.PAN_SEQUENCE_NUMBER, () -> (int) EmvValues.numeric(v, "PAN sequence number"));
  }

  /** {@code 5F20} Cardholder Name. */
  public CardholderName cardholderName() throws DecodeException {
    byte[] v = value(EmvTags.CARDHOLDER_NAME);
    return v == null ? null : CardholderName.decode(v);
  }

  /** {@code 9F4B} Signed Dynamic Application Data (fDDA). */
  public byte[] signedDynamicApplicationData() throws DecodeException {
    return checked(EmvTags.SIGNED_DYNAMIC_APPLICATION_DATA);
  }

  /** {@code 9F6C} Card Transaction Qualifiers (2 bytes, kept as bits). */
  public byte[] cardTransactionQualifiers() throws DecodeException {
    return checked(EmvTags.CARD_TRANSACTION_QUALIFIERS);
  }

  /** {@code 9F5D} Available Offline Spending Amount, in minor units (fen). */
  public Long availableOfflineSpendingAmount() throws DecodeException {
    byte[] v = value(EmvTags.AVAILABLE_OFFLINE_SPENDING_AMOUNT);
    return v == null
        ? null
        : Decoding.inTag(EmvTags.AVAILABLE_OFFLINE_SPENDING_AMOUNT, () -> EmvValues.amount(v));
  }

  /** The encoding: the template re-encoded with minimal lengths. */
  public byte[] encode() {
    return template.encode();
  }

  private byte[] value(Tag tag) {
    Tlv t = template.child(tag);
    return t == null ? null : t.value();
  }

  private byte[] checked(Tag tag) throws DecodeException {
    byte[] v = value(tag);
    if (v != null) {
      EmvTags.checkLength(tag, v);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GpoResponse && Arrays.equals(((GpoResponse) o).encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "GPO format " + format + " " + aip + " " + afl + " " + Hex.encode(encode()).length() / 2 + " bytes";
  }
}
