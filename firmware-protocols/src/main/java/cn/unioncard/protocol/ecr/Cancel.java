package cn.unioncard.protocol.ecr;

/**
 * CANCEL (docs/ecr-protocol.md §9.3): stop the request in progress if nothing was charged yet. It has no
 * fields; its RESULT says whether there was something to cancel, and the cancelled request gets its own
 * RESULT (CANCELLED, or APPROVED when it was too late).
 */
public record Cancel() implements EcrRequest {
  @Override
  public String reference() {
    return null;
  }

  @Override
  public MessageType type() {
    return MessageType.CANCEL;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer());
  }
}
