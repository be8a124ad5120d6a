package cn.unioncard.protocol.purse;

/**
 * The transaction type byte of the purse log (file 0018) and of the purchase MAC input (PBOC
 * electronic-purse transaction types). Source: shared/vectors/transit-files.md §3.2 (0018) and §3.4
 * (ProjectAfcApp {@code CPUDealCard_JTB}: {@code 09} for the compound purchase).
 */
public enum PurseTransactionType {
  /** {@code 02} 充值: load. */
  LOAD(0x02),
  /** {@code 06} 单次消费: simple purchase. */
  PURCHASE(0x06),
  /** {@code 09} 复合消费: compound (CAPP) purchase. */
  COMPOUND_PURCHASE(0x09),
  /** Any other code; the record keeps the raw byte. */
  OTHER(-1);

  private final int code;

  PurseTransactionType(int code) {
    this.code = code;
  }

  /** The byte on the card; -1 for {@link #OTHER}. */
  public int code() {
    return code;
  }

  /** The type of {@code code}, or {@link #OTHER}. */
  public static PurseTransactionType of(int code) {
    for (PurseTransactionType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return OTHER;
  }
}
