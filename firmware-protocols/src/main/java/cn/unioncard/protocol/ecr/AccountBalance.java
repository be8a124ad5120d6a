package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/** The balance of one account, answered to BALANCE (docs/ecr-protocol.md §9.3, group BALANCE). */
public record AccountBalance(Account account, long balance) {
  public AccountBalance {
    if (account == null) {
      throw new IllegalArgumentException("balance account missing");
    }
    Fields.checkMoney("balance", balance);
  }

  Fields.Writer write() {
    return new Fields.Writer().code(ACCOUNT, account.code()).money(ACCOUNT_AMOUNT, balance);
  }

  static AccountBalance read(Fields.Reader f) throws DecodeException {
    return new AccountBalance(
        Account.fromCode(f.code(ACCOUNT, "account", true), f.offsetOf(ACCOUNT)),
        f.money(ACCOUNT_AMOUNT, "balance", true, 0));
  }
}
