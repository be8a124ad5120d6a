package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.time.LocalDateTime;

/**
 * A record of file 001A 复合应用数据文件 (compound-application data), the bus/metro record {@code 2702}
 * 公共汽车应用信息, 128 bytes, addressed by record identifier (the first byte of the record, {@code 27}).
 * Read with {@code 00 B2 27 D0 00}, written by {@link UpdateCappDataCache} during a compound purchase.
 * Source: shared/vectors/transit-files.md §3.2 (ProjectAfcApp {@code SlzrTypeDef.h} {@code stJTB1A}).
 *
 * <pre>
 * offset len field
 *      0   2 交易标识 record id ({@code 2702})
 *      2   1 记录长度 record length ({@code 7D}, the bytes after this one)
 *      3   1 有效标识 valid flag ({@code 01})
 *      4   1 交易标识1 1 segmented / compound purchase, 2 pre-authorised purchase
 *      5   1 锁应用标识 lock flag (0 not locked, 1 locked)
 *      6   8 交易流水 transaction serial (BCD)
 *     14   1 交易状态 status (00 initial, 01 entered / boarded, 02 exited / alighted)
 *     15  38 entry (上车): see {@link Endpoint}
 *     53   4 标注金额 marked amount, for fare-evasion recovery (fen)
 *     57   1 方向 direction
 *     58  38 exit (下车): see {@link Endpoint}
 *     96   4 交易金额 amount (fen)
 *    100   2 乘车里程 mileage
 *    102  26 预留 reserved (kept as read)
 * </pre>
 *
 * <p>The record id is kept as read: the layout is the {@code 2702} one whatever the id says.
 *
 * @param transactionSerial 16 digits
 * @param reserved 52 hex digits
 */
public record CappRecord(
    int recordId,
    int recordLength,
    int validFlag,
    int transactionFlag,
    int lockFlag,
    String transactionSerial,
    int status,
    Endpoint entry,
    long markedAmount,
    int direction,
    Endpoint exit,
    long amount,
    int mileage,
    String reserved) {
  /** The file's short identifier. */
  public static final int SFI = 0x1A;
  /** The record length. */
  public static final int LENGTH = 128;
  /** 交易标识 of the bus / metro record. */
  public static final int BUS_RECORD_ID = 0x2702;
  /** 记录长度 of a 128-byte record: the 125 bytes after the length byte. */
  public static final int BUS_RECORD_LENGTH = 0x7D;
  /** 交易状态: initial. */
  public static final int STATUS_INITIAL = 0x00;
  /** 交易状态: entered (上车 / 入站). */
  public static final int STATUS_ENTERED = 0x01;
  /** 交易状态: exited (下车 / 出站). */
  public static final int STATUS_EXITED = 0x02;
  static final int RESERVED_LENGTH = 26;

  /**
   * One end of the trip (上车 entry or 下车 exit), 38 bytes.
   *
   * <pre>
   * offset len field
   *      0   2 城市代码 city code (hex)
   *      2   8 机构代码 institution code (hex)
   *     10   2 运营代码 operator code (binary)
   *     12   2 线路号 line number (binary)
   *     14   1 站点 station
   *     15   8 车辆号 vehicle number (ASCII)
   *     23   8 终端号 terminal number (BCD)
   *     31   7 时间 date and time (BCD)
   * </pre>
   *
   * @param cityCode 4 hex digits
   * @param institutionCode 16 hex digits
   * @param vehicleNumber ASCII, at most 8 characters
   * @param terminalNumber 16 digits
   * @param time null when unset
   */
  public record Endpoint(
      String cityCode,
      String institutionCode,
      int operatorCode,
      int line,
      int station,
      String vehicleNumber,
      String terminalNumber,
      LocalDateTime time) {
    static final int LENGTH = 38;

    public Endpoint {
      cityCode = PurseCodec.checkHex(cityCode, 2, "city code");
      institutionCode = PurseCodec.checkHex(institutionCode, 8, "institution code");
      PurseCodec.checkUint(operatorCode, 2, "operator code");
      PurseCodec.checkUint(line, 2, "line");
      PurseCodec.checkUint(station, 1, "station");
      PurseCodec.checkText(vehicleNumber, 8, PurseCodec.ASCII, "vehicle number");
      PurseCodec.checkDigits(terminalNumber, 16, "terminal number");
      time = PurseCodec.checkDateTime(time, "time");
    }

    /** An end not yet reached: every field zero. */
    public static Endpoint none() {
      return new Endpoint("0000", "0000000000000000", 0, 0, 0, "", "0000000000000000", null);
    }

    static Endpoint read(ByteReader r, String which) throws DecodeException {
      return new Endpoint(
          PurseCodec.hex(r, 2, which + " city code"),
          PurseCodec.hex(r, 8, which + " institution code"),
          r.u16(which + " operator code"),
          r.u16(which + " line"),
          r.u8(which + " station"),
          PurseCodec.text(r, 8, PurseCodec.ASCII, which + " vehicle number"),
          PurseCodec.digits(r, 8, which + " terminal number"),
          PurseCodec.dateTime(r, which + " time"));
    }

    void write(PurseCodec.Writer w) {
      w.hex(cityCode)
          .hex(institutionCode)
          .u16(operatorCode)
          .u16(line)
          .u8(station)
          .text(vehicleNumber, 8, PurseCodec.ASCII)
          .hex(terminalNumber)
          .dateTime(time);
    }
  }

  public CappRecord {
    PurseCodec.checkUint(recordId, 2, "record id");
    PurseCodec.checkUint(recordLength, 1, "record length");
    PurseCodec.checkUint(validFlag, 1, "valid flag");
    PurseCodec.checkUint(transactionFlag, 1, "transaction flag");
    PurseCodec.checkUint(lockFlag, 1, "lock flag");
    PurseCodec.checkDigits(transactionSerial, 16, "transaction serial");
    PurseCodec.checkUint(status, 1, "status");
    if (entry == null || exit == null) {
      throw new IllegalArgumentException("entry and exit are required (use Endpoint.none())");
    }
    PurseCodec.checkUint(markedAmount, 4, "marked amount");
    PurseCodec.checkUint(direction, 1, "direction");
    PurseCodec.checkUint(amount, 4, "amount");
    PurseCodec.checkUint(mileage, 2, "mileage");
    reserved = PurseCodec.checkHex(reserved, RESERVED_LENGTH, "reserved");
  }

  public static CappRecord decode(byte[] record) throws DecodeException {
    ByteReader r = new ByteReader(record);
    int id = r.u16("record id");
    int length = r.u8("record length");
    int valid = r.u8("valid flag");
    int flag = r.u8("transaction flag");
    int lock = r.u8("lock flag");
    String serial = PurseCodec.digits(r, 8, "transaction serial");
    int status = r.u8("status");
    Endpoint entry = Endpoint.read(r, "entry");
    long marked = r.uint(4, "marked amount");
    int direction = r.u8("direction");
    Endpoint exit = Endpoint.read(r, "exit");
    long amount = r.uint(4, "amount");
    int mileage = r.u16("mileage");
    String reserved = PurseCodec.hex(r, RESERVED_LENGTH, "reserved");
    r.expectEnd("file 001A record");
    return new CappRecord(id, length, valid, flag, lock, serial, status, entry, marked, direction, exit,
        amount, mileage, reserved);
  }

  public byte[] encode() {
    PurseCodec.Writer w = new PurseCodec.Writer(LENGTH)
        .u16(recordId)
        .u8(recordLength)
        .u8(validFlag)
        .u8(transactionFlag)
        .u8(lockFlag)
        .hex(transactionSerial)
        .u8(status);
    entry.write(w);
    w.uint(markedAmount, 4).u8(direction);
    exit.write(w);
    return w.uint(amount, 4).u16(mileage).hex(reserved).done();
  }

  /** The record identifier used in P1 of READ RECORD and UPDATE CAPP DATA CACHE: the id's first byte. */
  public int p1RecordIdentifier() {
    return recordId >>> 8;
  }

  /** READ RECORD of the record with identifier {@code id} ({@code 00 B2 id D0 00}). */
  public static CommandApdu readCommand(int id) {
    return ReadRecord.byIdentifier(SFI, id).toApdu();
  }
}
