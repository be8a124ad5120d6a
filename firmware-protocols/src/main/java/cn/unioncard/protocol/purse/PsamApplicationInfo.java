package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.time.LocalDate;

/**
 * The PSAM application's file 0017 (应用公共信息), 25 bytes, read after SELECT of
 * {@link TransitAid#MOT_CPSAM}: {@code 00 B0 97 00 19}. Source: shared/vectors/transit-files.md §3.4
 * "PSAM side" (ProjectAfcApp {@code CPUPsamInitJTB}, {@code sam_pub}).
 *
 * <pre>
 * offset len field
 *      0   1 密钥索引 purchase key index (sent in INITIALIZE FOR PURCHASE)
 *      1   8 发行方标识 issuer id
 *      9   8 使用方标识 receiver id
 *     17   4 启用日期 start date YYYYMMDD
 *     21   4 有效日期 end date YYYYMMDD
 * </pre>
 *
 * @param issuerId 16 hex digits
 * @param receiverId 16 hex digits
 * @param startDate null when unset
 * @param endDate null when unset
 */
public record PsamApplicationInfo(
    int keyIndex, String issuerId, String receiverId, LocalDate startDate, LocalDate endDate) {
  /** The file's short identifier. */
  public static final int SFI = 0x17;
  /** The file's length. */
  public static final int LENGTH = 25;

  public PsamApplicationInfo {
    PurseCodec.checkUint(keyIndex, 1, "key index");
    issuerId = PurseCodec.checkHex(issuerId, 8, "issuer id");
    receiverId = PurseCodec.checkHex(receiverId, 8, "receiver id");
    PurseCodec.checkDate(startDate, "start date");
    PurseCodec.checkDate(endDate, "end date");
  }

  /** {@code 00 B0 97 00 19}. */
  public static CommandApdu readCommand() {
    return new ReadBinary(SFI, 0, LENGTH).toApdu();
  }

  public static PsamApplicationInfo decode(byte[] file) throws DecodeException {
    ByteReader r = new ByteReader(file);
    int keyIndex = r.u8("key index");
    String issuer = PurseCodec.hex(r, 8, "issuer id");
    String receiver = PurseCodec.hex(r, 8, "receiver id");
    LocalDate start = PurseCodec.date(r, "start date");
    LocalDate end = PurseCodec.date(r, "end date");
    r.expectEnd("PSAM file 0017");
    return new PsamApplicationInfo(keyIndex, issuer, receiver, start, end);
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH)
        .u8(keyIndex)
        .hex(issuerId)
        .hex(receiverId)
        .date(startDate)
        .date(endDate)
        .done();
  }
}
