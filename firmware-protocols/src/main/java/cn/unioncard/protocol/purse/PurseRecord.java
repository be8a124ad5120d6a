package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.time.LocalDateTime;

/**
 * A record of file 0018 电子钱包交易明细 (purse transaction log), cyclic, 23-byte records, read with
 * {@code 00 B2 <n> C4 00}. The classic PBOC e-purse log layout. Source: shared/vectors/transit-files.md
 * §3.2 (ProjectAfcApp {@code stJTB18}; metrodroid {@code ChinaTrip.kt}).
 *
 * <pre>
 * offset len field
 *      0   2 EP 联机或脱机交易序号 EP transaction serial
 *      2   3 透支限额 overdraft limit (fen)
 *      5   4 交易金额 amount (fen)
 *      9   1 交易类型标识 transaction type ({@code 02} load, {@code 06} purchase, {@code 09} compound)
 *     10   6 终端机编号 terminal number (BCD)
 *     16   7 交易时间 date and time (BCD YYYYMMDDhhmmss)
 * </pre>
 *
 * @param typeCode the raw type byte; see {@link #type()}
 * @param terminalNumber 12 digits
 * @param time null when unset
 */
public record PurseRecord(
    int epSerial,
    long overdraftLimit,
    long amount,
    int typeCode,
    String terminalNumber,
    LocalDateTime time) {
  /** The file's short identifier. */
  public static final int SFI = 0x18;
  /** The record length. */
  public static final int LENGTH = 23;

  public PurseRecord {
    PurseCodec.checkUint(epSerial, 2, "EP transaction serial");
    PurseCodec.checkUint(overdraftLimit, 3, "overdraft limit");
    PurseCodec.checkUint(amount, 4, "amount");
    PurseCodec.checkUint(typeCode, 1, "transaction type");
    PurseCodec.checkDigits(terminalNumber, 12, "terminal number");
    time = PurseCodec.checkDateTime(time, "transaction time");
  }

  /** READ RECORD number {@code n}, 1 being the most recent ({@code 00 B2 n C4 00}). */
  public static CommandApdu readCommand(int n) {
    return ReadRecord.byNumber(SFI, n).toApdu();
  }

  public static PurseRecord decode(byte[] record) throws DecodeException {
    ByteReader r = new ByteReader(record);
    int serial = r.u16("EP transaction serial");
    long overdraft = r.uint(3, "overdraft limit");
    long amount = r.uint(4, "amount");
    int type = r.u8("transaction type");
    String terminal = PurseCodec.digits(r, 6, "terminal number");
    LocalDateTime time = PurseCodec.dateTime(r, "transaction time");
    r.expectEnd("file 0018 record");
    return new PurseRecord(serial, overdraft, amount, type, terminal, time);
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH)
        .u16(epSerial)
        .uint(overdraftLimit, 3)
        .uint(amount, 4)
        .u8(typeCode)
        .hex(terminalNumber)
        .dateTime(time)
        .done();
  }

  /** The transaction type, {@link PurseTransactionType#OTHER} for a code not in the table. */
  public PurseTransactionType type() {
    return PurseTransactionType.of(typeCode);
  }
}
