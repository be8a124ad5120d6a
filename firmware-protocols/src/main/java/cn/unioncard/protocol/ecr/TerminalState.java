package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** The terminal's own state, answered to STATUS without a reference (docs/ecr-protocol.md §9.4). */
public enum TerminalState implements Fields.Coded {
  /** Ready for a request. */
  IDLE(0x00),
  /** A request is running (its reference is in the RESULT). */
  BUSY(0x01);

  private final int code;

  TerminalState(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  @Override
  public int code() {
    return code;
  }

  /** The constant for {@code code}; fails naming the offset when there is none. */
  public static TerminalState fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(TerminalState.class, code, "terminal state", offset);
  }
}
