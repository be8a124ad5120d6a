package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/** BALANCE (docs/ecr-protocol.md §9.3): the member's balances (benefit, debit where the bank tells, electronic cash); the member presents the card. */
public record BalanceQuery(String reference) implements EcrRequest {
  public BalanceQuery {
    Fields.checkReference("reference", reference, false);
  }

  @Override
  public MessageType type() {
    return MessageType.BALANCE;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer().text(REFERENCE, reference));
  }

  static BalanceQuery read(Fields.Reader f) throws DecodeException {
    return new BalanceQuery(f.reference(REFERENCE, "reference", true));
  }
}
