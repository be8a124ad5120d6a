package cn.unioncard.agent.store;

import java.time.LocalDate;
import java.util.Objects;

/** A transaction about to be started: its kind, its business day and what is known so far. */
public final class NewTx {
  final TxType type;
  final LocalDate businessDate;
  String registerRef;
  String originalId;
  TxState initialState = TxState.STARTED;
  final TxChange known = new TxChange();

  private NewTx(TxType type, LocalDate businessDate) {
    this.type = Objects.requireNonNull(type, "type");
    this.businessDate = Objects.requireNonNull(businessDate, "businessDate");
  }

  public static NewTx of(TxType type, LocalDate businessDate) {
    return new NewTx(type, businessDate);
  }

  /** The register's own reference (unique among the register's requests: a repeat finds the first). */
  public NewTx registerRef(String ref) {
    this.registerRef = ref;
    return this;
  }

  /** The transaction this one refunds, voids or reverses. */
  public NewTx original(String transactionId) {
    this.originalId = transactionId;
    return this;
  }

  /** The amount asked, before it is split between accounts. */
  public NewTx amount(long amountFen) {
    known.amountFen = amountFen;
    return this;
  }

  public NewTx card(String cardRef, byte[] panEncrypted) {
    known.card(cardRef, panEncrypted);
    return this;
  }

  /**
   * Begins the transaction directly in {@code state} ({@link TxState#STARTED} unless set), one commit instead of
   * two when the intent is written at the instant the irreversible step is due: a gate stores its trip as
   * {@link TxState#AWAITING_CARD} just before the card's debit. Only {@code STARTED}, {@code AWAITING_CARD} and
   * {@code AWAITING_BANK} are beginnings.
   */
  public NewTx startIn(TxState state) {
    if (state != TxState.STARTED && state != TxState.AWAITING_CARD && state != TxState.AWAITING_BANK) {
      throw new IllegalArgumentException("a transaction cannot begin in " + state);
    }
    this.initialState = state;
    return this;
  }

  public NewTx detail(String json) {
    known.detail(json);
    return this;
  }
}
