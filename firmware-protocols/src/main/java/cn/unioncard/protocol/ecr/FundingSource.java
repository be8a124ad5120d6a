package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;

/** Who pays for a discount (docs/ecr-protocol.md §9.4). */
public enum FundingSource implements Fields.Coded {
  /** The merchant's concession. */
  MERCHANT(0x01),
  /** The issuing bank's subsidy. */
  BANK(0x02),
  /** The union. */
  UNION(0x03);

  private final int code;

  FundingSource(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  @Override
  public int code() {
    return code;
  }

  /** The constant for {@code code}; fails naming the offset when there is none. */
  public static FundingSource fromCode(int code, int offset) throws DecodeException {
    return Fields.decode(FundingSource.class, code, "funding source", offset);
  }
}
