package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/** SETTLE (docs/ecr-protocol.md §9.3): close the business day; the RESULT carries the day's totals. */
public record Settle(String reference) implements EcrRequest {
  public Settle {
    Fields.checkReference("reference", reference, false);
  }

  @Override
  public MessageType type() {
    return MessageType.SETTLE;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer().text(REFERENCE, reference));
  }

  static Settle read(Fields.Reader f) throws DecodeException {
    return new Settle(f.reference(REFERENCE, "reference", true));
  }
}
