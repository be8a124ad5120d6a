package cn.unioncard.protocol.purse;

/**
 * 交易类型, the first byte of a trip record (file 001E). Source: shared/vectors/transit-files.md §3.2
 * (ProjectAfcApp {@code SlzrTypeDef.h} {@code stJTB1E.eDealType}).
 */
public enum TripType {
  /** {@code 00} 初始值: a record never written. */
  INITIAL(0x00),
  /** {@code 01} EC 入站/上车: electronic cash entry. */
  EC_ENTRY(0x01),
  /** {@code 02} EC 出站/下车: electronic cash exit. */
  EC_EXIT(0x02),
  /** {@code 03} EP 入站/上车: electronic purse entry. */
  EP_ENTRY(0x03),
  /** {@code 04} EP 出站/下车: electronic purse exit. */
  EP_EXIT(0x04),
  /** {@code 05} EC 单次消费: electronic cash single-fare purchase. */
  EC_SINGLE_PURCHASE(0x05),
  /** {@code 06} EP 单次消费: electronic purse single-fare purchase. */
  EP_SINGLE_PURCHASE(0x06),
  /** {@code 07} EC 补票: electronic cash fare adjustment. */
  EC_FARE_ADJUSTMENT(0x07),
  /** {@code 08} EP 补票: electronic purse fare adjustment. */
  EP_FARE_ADJUSTMENT(0x08),
  /** {@code 09} EC 充值: electronic cash load. */
  EC_LOAD(0x09),
  /** {@code 0A} EP 充值: electronic purse load. */
  EP_LOAD(0x0A),
  /** Any other code (reserved); the record keeps the raw byte. */
  OTHER(-1);

  private final int code;

  TripType(int code) {
    this.code = code;
  }

  /** The byte on the card; -1 for {@link #OTHER}. */
  public int code() {
    return code;
  }

  /** The type of {@code code}, or {@link #OTHER}. */
  public static TripType of(int code) {
    for (TripType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return OTHER;
  }
}
