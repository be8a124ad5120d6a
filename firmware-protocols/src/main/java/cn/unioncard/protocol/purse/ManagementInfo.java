package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * File 0017 管理信息文件 (management information), binary, 60 bytes. Source:
 * shared/vectors/transit-files.md §3.2 (ProjectAfcApp {@code stJTB17}).
 *
 * <pre>
 * offset len field
 *      0   4 国际代码 country code
 *      4   2 省级代码 province code
 *      6   2 城市代码 city code
 *      8   2 互通卡种 interoperable card type ({@code 0000} not interoperable, {@code 0001} interoperable)
 *     10   1 卡种类型 card kind
 *     11  49 预留 reserved (kept as read)
 * </pre>
 *
 * @param countryCode 8 hex digits
 * @param provinceCode 4 hex digits
 * @param cityCode 4 hex digits
 * @param reserved 98 hex digits
 */
public record ManagementInfo(
    String countryCode,
    String provinceCode,
    String cityCode,
    int interoperableCardType,
    int cardKind,
    String reserved) {
  /** The file's short identifier. */
  public static final int SFI = 0x17;
  /** The file's length. */
  public static final int LENGTH = 60;
  /** 互通卡种: interoperable (互通) card. */
  public static final int INTEROPERABLE = 0x0001;
  static final int RESERVED_LENGTH = 49;

  public ManagementInfo {
    countryCode = PurseCodec.checkHex(countryCode, 4, "country code");
    provinceCode = PurseCodec.checkHex(provinceCode, 2, "province code");
    cityCode = PurseCodec.checkHex(cityCode, 2, "city code");
    PurseCodec.checkUint(interoperableCardType, 2, "interoperable card type");
    PurseCodec.checkUint(cardKind, 1, "card kind");
    reserved = PurseCodec.checkHex(reserved, RESERVED_LENGTH, "reserved");
  }

  /** A file with the reserved bytes zero. */
  public static ManagementInfo of(
      String countryCode, String provinceCode, String cityCode, int interoperableCardType, int cardKind) {
    return new ManagementInfo(countryCode, provinceCode, cityCode, interoperableCardType, cardKind,
        zeros(RESERVED_LENGTH));
  }

  /** READ BINARY of the whole file ({@code 00 B0 97 00 3C}). */
  public static CommandApdu readCommand() {
    return new ReadBinary(SFI, 0, LENGTH).toApdu();
  }

  public static ManagementInfo decode(byte[] file) throws DecodeException {
    ByteReader r = new ByteReader(file);
    String country = PurseCodec.hex(r, 4, "country code");
    String province = PurseCodec.hex(r, 2, "province code");
    String city = PurseCodec.hex(r, 2, "city code");
    int interop = r.u16("interoperable card type");
    int kind = r.u8("card kind");
    String reserved = PurseCodec.hex(r, RESERVED_LENGTH, "reserved");
    r.expectEnd("file 0017");
    return new ManagementInfo(country, province, city, interop, kind, reserved);
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH)
        .hex(countryCode)
        .hex(provinceCode)
        .hex(cityCode)
        .u16(interoperableCardType)
        .u8(cardKind)
        .hex(reserved)
        .done();
  }

  /** Whether 互通卡种 is {@code 0001}, which an out-of-town (异地) terminal requires. */
  public boolean interoperable() {
    return interoperableCardType == INTEROPERABLE;
  }

  static String zeros(int bytes) {
    StringBuilder sb = new StringBuilder(2 * bytes);
    for (int i = 0; i < 2 * bytes; i++) {
      sb.append('0');
    }
    return sb.toString();
  }
}
