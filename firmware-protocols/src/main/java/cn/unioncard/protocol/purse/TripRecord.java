package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.time.LocalDateTime;

/**
 * A record of file 001E 交通过程信息 (trip record), cyclic, 48-byte records, read with
 * {@code 00 B2 <n> F4 00} and appended by {@link UpdateCappDataCache} ({@code 80 DC 00 F0 30 ...}).
 * Source: shared/vectors/transit-files.md §3.2 (ProjectAfcApp {@code stJTB1E}, T-Union_Master captures).
 *
 * <pre>
 * offset len field
 *      0   1 交易类型 trip type ({@link TripType})
 *      1   8 终端编号 terminal number (BCD)
 *      9   1 行业代码 industry ({@link IndustryCode})
 *     10   7 线路/站点 line and station (hex; ProjectAfcApp: line 4 BCD + 3 bytes)
 *     17   4 交易金额 amount (fen)
 *     21   4 余额 balance after the transaction (fen)
 *     25   7 交易时间 date and time (BCD)
 *     32   2 受理方城市代码 acceptor city code (hex)
 *     34   8 机构代码 institution code (hex)
 *     42   6 tail (hex; ProjectAfcApp: 不完整交易最大金额 4 + 最长时间 2 in minutes; real cards: zeros)
 * </pre>
 *
 * @param typeCode the raw type byte; see {@link #type()}
 * @param terminalNumber 16 digits
 * @param industryCodeValue the raw industry byte; see {@link #industry()}
 * @param lineStation 14 hex digits
 * @param time null when unset
 * @param acceptorCityCode 4 hex digits
 * @param institutionCode 16 hex digits
 * @param tail 12 hex digits
 */
public record TripRecord(
    int typeCode,
    String terminalNumber,
    int industryCodeValue,
    String lineStation,
    long amount,
    long balance,
    LocalDateTime time,
    String acceptorCityCode,
    String institutionCode,
    String tail) {
  /** The file's short identifier. */
  public static final int SFI = 0x1E;
  /** The record length. */
  public static final int LENGTH = 48;

  public TripRecord {
    PurseCodec.checkUint(typeCode, 1, "trip type");
    PurseCodec.checkDigits(terminalNumber, 16, "terminal number");
    PurseCodec.checkUint(industryCodeValue, 1, "industry code");
    lineStation = PurseCodec.checkHex(lineStation, 7, "line/station");
    PurseCodec.checkUint(amount, 4, "amount");
    PurseCodec.checkUint(balance, 4, "balance");
    time = PurseCodec.checkDateTime(time, "time");
    acceptorCityCode = PurseCodec.checkHex(acceptorCityCode, 2, "acceptor city code");
    institutionCode = PurseCodec.checkHex(institutionCode, 8, "institution code");
    tail = PurseCodec.checkHex(tail, 6, "tail");
  }

  /** READ RECORD number {@code n}, 1 being the most recent ({@code 00 B2 n F4 00}). */
  public static CommandApdu readCommand(int n) {
    return ReadRecord.byNumber(SFI, n).toApdu();
  }

  public static TripRecord decode(byte[] record) throws DecodeException {
    ByteReader r = new ByteReader(record);
    int type = r.u8("trip type");
    String terminal = PurseCodec.digits(r, 8, "terminal number");
    int industry = r.u8("industry code");
    String lineStation = PurseCodec.hex(r, 7, "line/station");
    long amount = r.uint(4, "amount");
    long balance = r.uint(4, "balance");
    LocalDateTime time = PurseCodec.dateTime(r, "time");
    String city = PurseCodec.hex(r, 2, "acceptor city code");
    String institution = PurseCodec.hex(r, 8, "institution code");
    String tail = PurseCodec.hex(r, 6, "tail");
    r.expectEnd("file 001E record");
    return new TripRecord(type, terminal, industry, lineStation, amount, balance, time, city,
        institution, tail);
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH)
        .u8(typeCode)
        .hex(terminalNumber)
        .u8(industryCodeValue)
        .hex(lineStation)
        .uint(amount, 4)
        .uint(balance, 4)
        .dateTime(time)
        .hex(acceptorCityCode)
        .hex(institutionCode)
        .hex(tail)
        .done();
  }

  /** The trip type, {@link TripType#OTHER} for a reserved code. */
  public TripType type() {
    return TripType.of(typeCode);
  }

  /** The industry, {@link IndustryCode#OTHER} for a reserved code. */
  public IndustryCode industry() {
    return IndustryCode.of(industryCodeValue);
  }
}
