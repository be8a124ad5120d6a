package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/** The amount charged to one account (docs/ecr-protocol.md §9.3, group CHARGE): split tender has several. */
public record Charge(Account account, long amount) {
  public Charge {
    if (account == null) {
      throw new IllegalArgumentException("charge account missing");
    }
    Fields.checkMoney("charge amount", amount);
  }

  Fields.Writer write() {
    return new Fields.Writer().code(ACCOUNT, account.code()).money(ACCOUNT_AMOUNT, amount);
  }

  static Charge read(Fields.Reader f) throws DecodeException {
    return new Charge(
        Account.fromCode(f.code(ACCOUNT, "account", true), f.offsetOf(ACCOUNT)),
        f.money(ACCOUNT_AMOUNT, "amount", true, 0));
  }
}
