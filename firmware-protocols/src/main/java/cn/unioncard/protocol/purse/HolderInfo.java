package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * File 0016 持卡人基本信息 (cardholder information), binary, 55 bytes. Source:
 * shared/vectors/transit-files.md §3.2 (ProjectAfcApp {@code stJTB16}).
 *
 * <pre>
 * offset len field
 *      0   1 卡类型标识 card type
 *      1   1 本行职工标识 staff flag
 *      2  20 持卡人姓名 name (GBK or ASCII, padded with 00/20/FF)
 *     22  32 证件号 id number (same padding)
 *     54   1 证件类型 id type
 * </pre>
 *
 * <p>{@link #toString()} masks the name and the id number.
 */
public record HolderInfo(int cardType, int staffFlag, String name, String idNumber, int idType) {
  /** The file's short identifier. */
  public static final int SFI = 0x16;
  /** The file's length. */
  public static final int LENGTH = 55;
  static final int NAME_LENGTH = 20;
  static final int ID_LENGTH = 32;

  public HolderInfo {
    PurseCodec.checkUint(cardType, 1, "card type");
    PurseCodec.checkUint(staffFlag, 1, "staff flag");
    PurseCodec.checkText(name, NAME_LENGTH, PurseCodec.GBK, "name");
    PurseCodec.checkText(idNumber, ID_LENGTH, PurseCodec.GBK, "id number");
    PurseCodec.checkUint(idType, 1, "id type");
  }

  /** READ BINARY of the whole file ({@code 00 B0 96 00 37}). */
  public static CommandApdu readCommand() {
    return new ReadBinary(SFI, 0, LENGTH).toApdu();
  }

  public static HolderInfo decode(byte[] file) throws DecodeException {
    ByteReader r = new ByteReader(file);
    int cardType = r.u8("card type");
    int staff = r.u8("staff flag");
    String name = PurseCodec.text(r, NAME_LENGTH, PurseCodec.GBK, "name");
    String id = PurseCodec.text(r, ID_LENGTH, PurseCodec.GBK, "id number");
    int idType = r.u8("id type");
    r.expectEnd("file 0016");
    return new HolderInfo(cardType, staff, name, id, idType);
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH)
        .u8(cardType)
        .u8(staffFlag)
        .text(name, NAME_LENGTH, PurseCodec.GBK)
        .text(idNumber, ID_LENGTH, PurseCodec.GBK)
        .u8(idType)
        .done();
  }

  @Override
  public String toString() {
    return "HolderInfo[cardType=" + cardType + ", staffFlag=" + staffFlag + ", name="
        + PurseCodec.mask(name, 1, 0) + ", idNumber=" + PurseCodec.mask(idNumber, 6, 4)
        + ", idType=" + idType + "]";
  }
}
