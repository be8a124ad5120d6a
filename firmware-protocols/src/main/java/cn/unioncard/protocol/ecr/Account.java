package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** An account money is charged to or a balance is held in (docs/ecr-protocol.md §9.4). */
public enum Account implements Fields.Coded {
  /** The union benefit account. */
  BENEFIT(0x01),
  /** The member's own debit account. */
  DEBIT(0x02),
  /** The electronic cash purse on the card. */
  ELECTRONIC_CASH(0x03);

  private final int code;

  Account(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  @Override
  public int code() {
    return code;
  }

  /** The constant for {@code code}; fails naming the offset when there is none. */
  public static Account fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(Account.class, code, "account", offset);
  }
}
