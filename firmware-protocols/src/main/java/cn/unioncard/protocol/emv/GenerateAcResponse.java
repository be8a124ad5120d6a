package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.Arrays;

/**
 * The response to GENERATE AC (EMV Book 3 clause 6.5.5.4):
 *
 * <ul>
 *   <li>format 1: {@code 80} holding CID (1 byte), ATC (2), Application Cryptogram (8) and, in the rest, the
 *       Issuer Application Data (up to 32 bytes);
 *   <li>format 2: {@code 77} holding {@code 9F27} CID, {@code 9F36} ATC, {@code 9F26} cryptogram (absent when
 *       CDA returns {@code 9F4B} signed dynamic data instead), optionally {@code 9F10} IAD and other objects.
 * </ul>
 *
 * CID and ATC are checked when decoding; the cryptogram is checked when present.
 */
public final class GenerateAcResponse {
  private final int format;
  private final Cid cid;
  private final int atc;
  private final byte[] cryptogram;
  private final Tlv template;

  private GenerateAcResponse(int format, Cid cid, int atc, byte[] cryptogram, Tlv template) {
    this.format = format;
    this.cid = cid;
    this.atc = atc;
    this.cryptogram = cryptogram;
    this.template = template;
  }

  /** A format 1 response. */
  public static GenerateAcResponse format1(Cid cid, int atc, byte[] cryptogram, byte[] issuerApplicationData) {
    if (atc < 0 || atc > 0xFFFF || cryptogram.length != 8 || issuerApplicationData.length > 32) {
      throw new IllegalArgumentException("ATC, cryptogram (8) or IAD (<= 32) out of range");
    }
    byte[] v = new byte[11 + issuerApplicationData.length];
    v[0] = (byte) cid.value();
    v[1] = (byte) (atc >>> 8);
    v[2] = (byte) atc;
    System.arraycopy(cryptogram, 0, v, 3, 8);
    System.arraycopy(issuerApplicationData, 0, v, 11, issuerApplicationData.length);
    return new GenerateAcResponse(1, cid, atc, cryptogram.clone(), Tlv.of(EmvTags.RESPONSE_FORMAT_1, v));
  }

  /** Decodes GENERATE AC response data (without the status word). */
  public static GenerateAcResponse decode(byte[] responseData) throws DecodeException {
    Tlv t = BerTlv.decodeOne(responseData);
    if (t.tag().equals(EmvTags.RESPONSE_FORMAT_1)) {
      byte[] v = t.value();
      if (v.length < 11) {
        throw new DecodeException(
            "GENERATE AC format 1: " + v.length + " byte(s), CID + ATC + AC need 11", 0, "80");
      }
      if (v.length > 11 + 32) {
        throw new DecodeException(
            "GENERATE AC format 1: issuer application data of " + (v.length - 11) + " bytes, at most 32",
            11,
            "80");
      }
      int atc = ((v[1] & 0xFF) << 8) | (v[2] & 0xFF);
      return new GenerateAcResponse(1, new Cid(v[0] & 0xFF), atc, Arrays.copyOfRange(v, 3, 11), t);
    }
    if (t.tag().equals(EmvTags.RESPONSE_FORMAT_2)) {
      Cid cid = Cid.decode(mandatory(t, EmvTags.CID));
      int atc;
      try {
        atc = EmvValues.counter(mandatory(t, EmvTags.ATC));
      } catch (DecodeException e) {
        throw e.inTag("9F36");
      }
      Tlv ac = t.child(EmvTags.APPLICATION_CRYPTOGRAM);
      if (ac == null && t.child(EmvTags.SIGNED_DYNAMIC_APPLICATION_DATA) == null) {
        throw new DecodeException(
            "GENERATE AC format 2 without cryptogram (9F26) or signed dynamic data (9F4B)", 0, "77");
      }
      byte[] acValue = null;
      if (ac != null) {
        acValue = ac.value();
        EmvTags.checkLength(EmvTags.APPLICATION_CRYPTOGRAM, acValue);
      }
      Tlv iad = t.child(EmvTags.ISSUER_APPLICATION_DATA);
      if (iad != null) {
        EmvTags.checkLength(EmvTags.ISSUER_APPLICATION_DATA, iad.value());
      }
      return new GenerateAcResponse(2, cid, atc, acValue, t);
    }
    throw new DecodeException("GENERATE AC response: tag " + t.tag() + ", expected 80 or 77", 0);
  }

  private static byte[] mandatory(Tlv t, Tag tag) throws DecodeException {
    Tlv c = t.child(tag);
    if (c == null) {
      throw new DecodeException(
          "GENERATE AC format 2 without " + EmvTags.nameOf(tag) + " (" + tag.hex() + ")", 0, "77");
    }
    return c.value();
  }

  /** 1 ({@code 80}) or 2 ({@code 77}). */
  public int format() {
    return format;
  }

  public Cid cid() {
    return cid;
  }

  /** The Application Transaction Counter. */
  public int atc() {
    return atc;
  }

  /** The 8-byte Application Cryptogram; null for a CDA response that carries it inside {@code 9F4B}. */
  public byte[] applicationCryptogram() {
    return cryptogram == null ? null : cryptogram.clone();
  }

  /** The Issuer Application Data; empty when absent. */
  public byte[] issuerApplicationData() {
    if (format == 1) {
      byte[] v = template.value();
      return Arrays.copyOfRange(v, 11, v.length);
    }
    Tlv iad = template.child(EmvTags.ISSUER_APPLICATION_DATA);
    return iad == null ? new byte[0] : iad.value();
  }

  /** {@code 9F4B} Signed Dynamic Application Data of a CDA response, or null. */
  public byte[] signedDynamicApplicationData() {
    Tlv t = template.child(EmvTags.SIGNED_DYNAMIC_APPLICATION_DATA);
    return t == null ? null : t.value();
  }

  /** A data object of a format 2 response by tag, or null. */
  public Tlv find(Tag tag) {
    return template.child(tag);
  }

  /** The response template as received. */
  public Tlv template() {
    return template;
  }

  /** The encoding: the template re-encoded with minimal lengths. */
  public byte[] encode() {
    return template.encode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenerateAcResponse && Arrays.equals(((GenerateAcResponse) o).encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "GENERATE AC format " + format + " " + cid + " ATC " + atc
        + (cryptogram == null ? "" : " AC " + Hex.encode(cryptogram));
  }
}
