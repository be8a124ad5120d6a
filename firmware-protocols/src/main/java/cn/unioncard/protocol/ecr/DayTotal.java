package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/**
 * One line of the day's totals, answered to SETTLE (docs/ecr-protocol.md §9.3, group DAY_TOTAL): how many
 * requests of one type were approved on one account, and their amount.
 *
 * @param type SALE, REFUND or VOID
 */
public record DayTotal(MessageType type, Account account, long count, long amount) {
  public DayTotal {
    if (type != MessageType.SALE && type != MessageType.REFUND && type != MessageType.VOID) {
      throw new IllegalArgumentException("day total type must be SALE, REFUND or VOID: " + type);
    }
    if (account == null) {
      throw new IllegalArgumentException("day total account missing");
    }
    if (count < 0 || count > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("day total count out of range: " + count);
    }
    Fields.checkMoney("day total amount", amount);
  }

  Fields.Writer write() {
    return new Fields.Writer()
        .code(TOTAL_TYPE, type.code())
        .code(TOTAL_ACCOUNT, account.code())
        .count(TOTAL_COUNT, count)
        .money(TOTAL_AMOUNT, amount);
  }

  static DayTotal read(Fields.Reader f) throws DecodeException {
    MessageType type = MessageType.fromCode(f.code(TOTAL_TYPE, "total type", true), f.offsetOf(TOTAL_TYPE));
    if (type != MessageType.SALE && type != MessageType.REFUND && type != MessageType.VOID) {
      throw new DecodeException("DAY_TOTAL: type must be SALE, REFUND or VOID, is " + type, f.offsetOf(TOTAL_TYPE));
    }
    return new DayTotal(
        type,
        Account.fromCode(f.code(TOTAL_ACCOUNT, "account", true), f.offsetOf(TOTAL_ACCOUNT)),
        f.count(TOTAL_COUNT, "count"),
        f.money(TOTAL_AMOUNT, "amount", true, 0));
  }
}
