package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** What the terminal is doing while a request runs: the PROGRESS frame's stage (docs/ecr-protocol.md §9.4). */
public enum Stage implements Fields.Coded {
  /** Working on the request (no more specific stage). */
  PROCESSING(0x01),
  /** Waiting for the member to present the card. */
  WAITING_FOR_CARD(0x02),
  /** Reading the card. */
  READING_CARD(0x03),
  /** The member is entering the PIN. */
  PIN_ENTRY(0x04),
  /** Waiting for the bank's authorisation. */
  ASKING_BANK(0x05),
  /** Waiting for the member to remove the card. */
  REMOVE_CARD(0x06);

  private final int code;

  Stage(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  @Override
  public int code() {
    return code;
  }

  /** The constant for {@code code}; fails naming the offset when there is none. */
  public static Stage fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(Stage.class, code, "stage", offset);
  }
}
