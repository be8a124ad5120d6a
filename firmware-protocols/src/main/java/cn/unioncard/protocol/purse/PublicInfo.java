package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.time.LocalDate;

/**
 * File 0015 公共应用基本信息 (public application information), binary, 30 bytes; also the value of tag
 * {@code 9F0C} in the FCI of the purse's SELECT response. Source: shared/vectors/transit-files.md §3.1-3.2
 * (ProjectAfcApp {@code stJTB15}; card-captures.md V7).
 *
 * <pre>
 * offset len field
 *      0   8 发卡机构标识 issuer id (hex; bytes 2-3 the issuing city code)
 *      8   1 应用类型标识 application type ({@code 02} expected)
 *      9   1 发卡机构应用版本 / 启用标识 ({@code 01} enabled, 00 not yet, 02 stopped)
 *     10  10 应用序列号 application serial number (BCD; the card number is shown without its first digit)
 *     20   4 应用启用日期 start date YYYYMMDD
 *     24   4 应用有效日期 end date YYYYMMDD
 *     28   2 发卡机构自定义FCI数据 issuer FCI data
 * </pre>
 *
 * @param issuerId 16 hex digits
 * @param applicationSerial the raw serial number, 20 digits
 * @param startDate null when unset ({@code 00000000} or {@code FFFFFFFF})
 * @param endDate null when unset
 * @param issuerFciData 4 hex digits
 */
public record PublicInfo(
    String issuerId,
    int appType,
    int appVersion,
    String applicationSerial,
    LocalDate startDate,
    LocalDate endDate,
    String issuerFciData) {
  /** The file's short identifier. */
  public static final int SFI = 0x15;
  /** The file's length. */
  public static final int LENGTH = 30;
  /** The FCI tag that carries the same 30 bytes. */
  public static final Tag FCI_TAG = Tag.of(0x9F0C);
  /** 应用类型标识 a transit terminal accepts. */
  public static final int APP_TYPE_TRANSIT = 0x02;
  /** 启用标识: enabled. */
  public static final int ENABLED = 0x01;

  public PublicInfo {
    issuerId = PurseCodec.checkHex(issuerId, 8, "issuer id");
    PurseCodec.checkUint(appType, 1, "application type");
    PurseCodec.checkUint(appVersion, 1, "application version");
    PurseCodec.checkDigits(applicationSerial, 20, "application serial number");
    PurseCodec.checkDate(startDate, "start date");
    PurseCodec.checkDate(endDate, "end date");
    issuerFciData = PurseCodec.checkHex(issuerFciData, 2, "issuer FCI data");
  }

  /** READ BINARY of the whole file ({@code 00 B0 95 00 1E}). */
  public static CommandApdu readCommand() {
    return new ReadBinary(SFI, 0, LENGTH).toApdu();
  }

  /** Decodes the 30 bytes of the file. */
  public static PublicInfo decode(byte[] file) throws DecodeException {
    ByteReader r = new ByteReader(file);
    String issuer = PurseCodec.hex(r, 8, "issuer id");
    int type = r.u8("application type");
    int version = r.u8("application version");
    String serial = PurseCodec.digits(r, 10, "application serial number");
    LocalDate start = PurseCodec.date(r, "start date");
    LocalDate end = PurseCodec.date(r, "end date");
    String fci = PurseCodec.hex(r, 2, "issuer FCI data");
    r.expectEnd("file 0015");
    return new PublicInfo(issuer, type, version, serial, start, end, fci);
  }

  /**
   * Decodes the file from the FCI of the purse's SELECT response ({@code 6F{84, A5{9F08, 9F0C}}}, status
   * word removed): the value of tag {@code 9F0C}.
   */
  public static PublicInfo fromFci(byte[] fci) throws DecodeException {
    Tlv t = BerTlv.find(BerTlv.decode(fci), FCI_TAG);
    if (t == null) {
      throw new DecodeException("FCI has no 9F0C (public application information)", DecodeException.NO_OFFSET);
    }
    try {
      return decode(t.value());
    } catch (DecodeException e) {
      throw e.inTag(FCI_TAG.hex());
    }
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH)
        .hex(issuerId)
        .u8(appType)
        .u8(appVersion)
        .hex(applicationSerial)
        .date(startDate)
        .date(endDate)
        .hex(issuerFciData)
        .done();
  }

  /** The card number as printed and shown: the serial without its first digit (19 digits). */
  public String cardNumber() {
    return applicationSerial.substring(1);
  }

  /**
   * The last 8 bytes of the serial (16 digits), the card-level key diversifier of the purchase MAC and of
   * the APPLICATION BLOCK MAC (ProjectAfcApp: {@code PublishBicker+2}).
   */
  public String serialLast8Bytes() {
    return applicationSerial.substring(4);
  }

  /** The issuing city code: bytes 2-3 of the issuer id (for example {@code 1000}, Beijing). */
  public String issuerCityCode() {
    return issuerId.substring(4, 8);
  }

  /** Whether 启用标识 is {@code 01}. */
  public boolean enabled() {
    return appVersion == ENABLED;
  }

  /** The card number masked (first 6, last 4). */
  @Override
  public String toString() {
    return "PublicInfo[issuerId=" + issuerId + ", appType=" + appType + ", appVersion=" + appVersion
        + ", cardNumber=" + PurseCodec.mask(cardNumber(), 6, 4) + ", startDate=" + startDate
        + ", endDate=" + endDate + ", issuerFciData=" + issuerFciData + "]";
  }
}
