package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** How a request ended: the RESULT frame's outcome (docs/ecr-protocol.md §9.4). */
public enum Outcome implements Fields.Coded {
  /** Done: for a payment, the money was charged. */
  APPROVED(0x00),
  /** Refused by the bank or the card (reason code and text say why); nothing charged. */
  DECLINED(0x01),
  /** Cancelled by CANCEL, the member or a timeout before anything was charged. */
  CANCELLED(0x02),
  /** Could not be done (terminal fault, busy, bad request); nothing charged. */
  FAILED(0x03),
  /** STATUS: the terminal has no request with that reference. */
  NOT_FOUND(0x04),
  /** STATUS: the request with that reference is still running. */
  IN_PROGRESS(0x05),
  /**
   * Not known yet whether money moved: an offline sale whose card may have paid before the terminal learnt its
   * answer. The register must not charge again until the terminal resolves it (STATUS tells).
   */
  UNKNOWN(0x06);

  private final int code;

  Outcome(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  @Override
  public int code() {
    return code;
  }

  /** The constant for {@code code}; fails naming the offset when there is none. */
  public static Outcome fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(Outcome.class, code, "outcome", offset);
  }
}
