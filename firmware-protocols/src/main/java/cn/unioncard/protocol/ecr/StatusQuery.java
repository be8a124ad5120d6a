package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/**
 * STATUS (docs/ecr-protocol.md §9.3). With a reference: the final result of the request with that reference
 * (the register lost its answer), or IN_PROGRESS, or NOT_FOUND. Without: the terminal's own state.
 *
 * @param reference the reference asked about, or null for the terminal's state
 */
public record StatusQuery(String reference) implements EcrRequest {
  public StatusQuery {
    Fields.checkReference("reference", reference, true);
  }

  @Override
  public MessageType type() {
    return MessageType.STATUS;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer().text(REFERENCE, reference));
  }

  static StatusQuery read(Fields.Reader f) throws DecodeException {
    return new StatusQuery(f.reference(REFERENCE, "reference", false));
  }
}
