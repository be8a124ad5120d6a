package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.io.ByteArrayOutputStream;

/**
 * The proprietary commands ({@code CLA 80}) of the EMV / PBOC debit application. SELECT and READ RECORD are in
 * {@link IsoCommands}.
 */
public final class EmvCommands {
  private EmvCommands() {}

  /**
   * GET PROCESSING OPTIONS (EMV Book 3 clause 6.5.8): {@code 80 A8 00 00 Lc 83 L <PDOL data> 00}. The PDOL
   * data is built with {@link Dol#build}; with no PDOL pass an empty array ({@code 80A8000002830000}).
   */
  public static CommandApdu getProcessingOptions(byte[] pdolData) {
    ByteArrayOutputStream data = new ByteArrayOutputStream(pdolData.length + 3);
    data.write(0x83);
    BerTlv.writeLength(data, pdolData.length);
    data.write(pdolData, 0, pdolData.length);
    if (data.size() > 255) {
      throw new IllegalArgumentException("PDOL data of " + pdolData.length + " bytes does not fit Lc");
    }
    return new CommandApdu(0x80, 0xA8, 0x00, 0x00, data.toByteArray(), IsoCommands.ANY);
  }

  /**
   * GENERATE AC (EMV Book 3 clause 6.5.5): {@code 80 AE P1 00 Lc <CDOL data> 00}, P1 the reference control
   * parameter: b8-b7 the cryptogram asked for (AAC {@code 00}, TC {@code 40}, ARQC {@code 80}), b5 set to ask
   * for CDA signature ({@code 10}).
   */
  public static CommandApdu generateAc(CryptogramType type, boolean cdaRequested, byte[] cdolData) {
    if (type == CryptogramType.AAR) {
      throw new IllegalArgumentException("P1 b8-b7 = 11 is RFU");
    }
    if (cdolData.length == 0 || cdolData.length > 255) {
      throw new IllegalArgumentException("CDOL data of " + cdolData.length + " bytes");
    }
    int p1 = type.bits() | (cdaRequested ? 0x10 : 0x00);
    return new CommandApdu(0x80, 0xAE, p1, 0x00, cdolData, IsoCommands.ANY);
  }

  /**
   * GET DATA (EMV Book 3 clause 6.5.7): {@code 80 CA <tag> 00}, P1-P2 the tag of a primitive data object
   * ({@code 9F79} EC balance, {@code 9F13}, {@code 9F36}, {@code 9F17}, {@code 9F4F}, ...). A one-byte tag is sent
   * with P1 {@code 00}.
   */
  public static CommandApdu getData(Tag tag) {
    if (tag.byteLength() > 2) {
      throw new IllegalArgumentException("GET DATA takes a tag of one or two bytes, not " + tag);
    }
    return new CommandApdu(0x80, 0xCA, tag.value() >>> 8, tag.value() & 0xFF, IsoCommands.ANY);
  }

  /**
   * The data object a GET DATA returns: exactly one TLV whose tag is the one asked for.
   *
   * @param responseData the response data without the status word
   */
  public static Tlv getDataResponse(Tag requested, byte[] responseData) throws DecodeException {
    Tlv t = BerTlv.decodeOne(responseData);
    if (!t.tag().equals(requested)) {
      throw new DecodeException(
          "GET DATA for " + requested + " answered with tag " + t.tag(), 0, t.tag().hex());
    }
    return t;
  }
}
