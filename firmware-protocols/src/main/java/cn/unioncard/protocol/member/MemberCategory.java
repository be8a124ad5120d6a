package cn.unioncard.protocol.member;

/**
 * The member category the union records for a member (shared/design/DOMAIN.md "Who is involved"), with the
 * one-byte code the card stores in {@code DF54} of the member data object (docs/card-profile.md).
 */
public enum MemberCategory {
  ORDINARY(0x00),
  MODEL_WORKER(0x01),
  MIGRANT_WORKER(0x02),
  IN_HARDSHIP(0x03);

  private final int code;

  MemberCategory(int code) {
    this.code = code;
  }

  /** The code stored on the card. */
  public int code() {
    return code;
  }

  /** The category of a code, or null when the code is not one of the four. */
  public static MemberCategory ofCode(int code) {
    for (MemberCategory c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }
}
