package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.apdu.ResponseApdu;

/**
 * What a purse card (or the PSAM) answered, for the status words a transit terminal acts on
 * (PBOC electronic-purse status words; shared/vectors/transit-files.md §3.3-3.4, ProjectAfcApp
 * {@code CPUDealCard_JTB} and {@code CPUCardType_JTB}).
 */
public enum PurseStatus {
  /** {@code 9000}. */
  SUCCESS(0x9000),
  /** {@code 9401}: INITIALIZE FOR PURCHASE refused, balance below the amount. */
  INSUFFICIENT_BALANCE(0x9401),
  /** {@code 9302}: DEBIT FOR PURCHASE refused MAC1 (or the PSAM refused MAC2). */
  MAC_INVALID(0x9302),
  /** {@code 6A81}: card or application blocked (SELECT of a blocked purse). */
  BLOCKED(0x6A81),
  /** {@code 9303}: application permanently locked. */
  LOCKED(0x9303),
  /** {@code 9406}: the required MAC is not available (GET TRANSACTION PROVE with nothing to prove). */
  MAC_UNAVAILABLE(0x9406),
  /** Any other status word: see {@link cn.unioncard.protocol.apdu.StatusWord} for its meaning. */
  OTHER(-1);

  private final int sw;

  PurseStatus(int sw) {
    this.sw = sw;
  }

  /** The status word; -1 for {@link #OTHER}. */
  public int sw() {
    return sw;
  }

  /** The status of {@code sw}, or {@link #OTHER}. */
  public static PurseStatus of(int sw) {
    for (PurseStatus s : values()) {
      if (s.sw == sw) {
        return s;
      }
    }
    return OTHER;
  }

  /** The status of a response. */
  public static PurseStatus of(ResponseApdu response) {
    return of(response.sw());
  }

  /** The bare response a simulated card gives for this status (not for {@link #OTHER}). */
  public ResponseApdu response() {
    if (this == OTHER) {
      throw new IllegalStateException("OTHER has no status word");
    }
    return ResponseApdu.of(sw);
  }
}
