package cn.unioncard.agent.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a stored transaction is in its life. The terminal writes its intent ({@link #STARTED}) before it sends
 * anything irreversible to a card or the bank, and the outcome before it answers the register or opens the gate,
 * so a crash at any instant leaves a row that recovery knows how to finish:
 *
 * <pre>
 * STARTED ──> AWAITING_BANK ──> APPROVED ──> VOIDED
 *    │  │          │   └──────> DECLINED
 *    │  │          └──────────> REVERSAL_NEEDED ──> REVERSED
 *    │  └──> AWAITING_CARD ──> APPROVED | CANCELLED      (a trip: the card's debit, a torn tap; an offline
 *    │                  └──> DECLINED | AWAITING_BANK      sale: the card's electronic cash, docs/checkout.md)
 *    └─────> APPROVED | DECLINED | CANCELLED
 * </pre>
 */
public enum TxState {
  /** The intent is stored; nothing irreversible has been sent. Recovery cancels it. */
  STARTED,
  /** The authorisation went to the bank; no answer yet. Recovery reverses it. */
  AWAITING_BANK,
  /**
   * The debit went to the card (a gate's trip, an offline sale's electronic cash); no answer yet. The card's next
   * tap tells what happened; recovery never cancels it unseen.
   */
  AWAITING_CARD,
  /** Done and money moved: to be uploaded. */
  APPROVED,
  /** Refused by the bank or the card: no money moved. */
  DECLINED,
  /** Stopped before any money moved (card removed, cancelled, a torn tap the card did not debit). */
  CANCELLED,
  /** An authorisation that got no answer, or that must be undone: it is reversed before that card's next use. */
  REVERSAL_NEEDED,
  /** The bank confirmed the reversal. */
  REVERSED,
  /** A sale cancelled by a later VOID. */
  VOIDED;

  /** States a transaction never leaves. */
  public boolean isFinal() {
    return this == DECLINED || this == CANCELLED || this == REVERSED || this == VOIDED;
  }

  /** States recovery must finish at start-up or at the card's next use. */
  public boolean isUnfinished() {
    return this == STARTED || this == AWAITING_BANK || this == AWAITING_CARD || this == REVERSAL_NEEDED;
  }

  /** Whether a transaction in this state may move to {@code next}. */
  public boolean canMoveTo(TxState next) {
    return next(this).contains(next);
  }

  private static Set<TxState> next(TxState s) {
    switch (s) {
      case STARTED:
        return EnumSet.of(AWAITING_BANK, AWAITING_CARD, APPROVED, DECLINED, CANCELLED);
      case AWAITING_BANK:
        return EnumSet.of(APPROVED, DECLINED, REVERSAL_NEEDED);
      case AWAITING_CARD:
        // a trip: the card's debit; an offline sale's intent: the card paid (APPROVED), did not (CANCELLED,
        // DECLINED), or asked to go online (AWAITING_BANK)
        return EnumSet.of(APPROVED, CANCELLED, DECLINED, AWAITING_BANK);
      case APPROVED:
        return EnumSet.of(VOIDED, REVERSAL_NEEDED);
      case REVERSAL_NEEDED:
        return EnumSet.of(REVERSED);
      default:
        return EnumSet.noneOf(TxState.class);
    }
  }
}
