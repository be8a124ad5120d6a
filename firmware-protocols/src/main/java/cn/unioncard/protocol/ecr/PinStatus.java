package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** How a PIN entry ended (docs/ecr-protocol.md §10). */
public enum PinStatus implements Fields.Coded {
  /** The member entered the PIN: the response carries the encrypted PIN block. */
  ENTERED(0x00),
  /** The member pressed Cancel. */
  CANCELLED(0x01),
  /** No PIN within the request's timeout. */
  TIMEOUT(0x02);

  private final int code;

  PinStatus(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  public static PinStatus fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(PinStatus.class, code, "PIN status", offset);
  }
}
