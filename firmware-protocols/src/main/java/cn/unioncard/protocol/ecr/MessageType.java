package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** The first byte of every ECR payload (docs/ecr-protocol.md §9.1). */
public enum MessageType implements Fields.Coded {
  /** Register: charge an amount. */
  SALE(0x01),
  /** Register: give money back for an earlier sale. */
  REFUND(0x02),
  /** Register: cancel the last sale. */
  VOID(0x03),
  /** Register: the member's balances. */
  BALANCE(0x04),
  /** Register: close the day. */
  SETTLE(0x05),
  /** Register: the outcome of a request by its reference, or the terminal's state. */
  STATUS(0x06),
  /** Register: stop the request in progress. */
  CANCEL(0x07),
  /** Terminal: what the request in progress is waiting for. */
  PROGRESS(0x81),
  /** Terminal: the final answer to a request. */
  RESULT(0x82),
  /** Terminal to PIN pad: take the member's PIN and return it encrypted (§10). */
  PIN_REQUEST(0x41),
  /** PIN pad to terminal: the encrypted PIN block, or why there is none (§10). */
  PIN_RESPONSE(0xC1);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** True for the requests a register sends (SALE to CANCEL), which a RESULT answers. */
  public boolean isRegisterRequest() {
    return code >= 0x01 && code <= 0x07;
  }

  /** The byte on the wire. */
  @Override
  public int code() {
    return code;
  }

  /** The constant for {@code code}; fails naming the offset when there is none. */
  public static MessageType fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(MessageType.class, code, "message type", offset);
  }
}
