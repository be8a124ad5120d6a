package cn.unioncard.agent.store;

import java.time.LocalDate;
import java.util.Objects;

/** A transaction about to be started: its kind, its business day and what is known so far. */
public final class NewTx {
  final TxType type;
  final LocalDate businessDate;
  String registerRef;
  String originalId;
  final TxChange known = new TxChange();
  TxState startState = TxState.STARTED;

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

  public NewTx detail(String json) {
    known.detail(json);
    return this;
  }

  /**
   * Starts the transaction directly in {@code state} (one commit instead of two), for a caller with nothing
   * irreversible to do before it: the state must be {@link TxState#STARTED} or one {@code STARTED} may move to.
   */
  public NewTx startIn(TxState state) {
    if (state != TxState.STARTED && !TxState.STARTED.canMoveTo(state)) {
      throw new IllegalArgumentException("a transaction cannot start in " + state);
    }
    this.startState = state;
    return this;
  }

  /** What the caller already knows besides the card and the amount (funding, discounts, auth code...). */
  public NewTx with(TxChange change) {
    TxChange c = change;
    if (c.amountFen != null) {
      known.amountFen = c.amountFen;
    }
    known.benefitFen = c.benefitFen != null ? c.benefitFen : known.benefitFen;
    known.debitFen = c.debitFen != null ? c.debitFen : known.debitFen;
    known.ecashFen = c.ecashFen != null ? c.ecashFen : known.ecashFen;
    known.purseFen = c.purseFen != null ? c.purseFen : known.purseFen;
    known.merchantFen = c.merchantFen != null ? c.merchantFen : known.merchantFen;
    known.bankFen = c.bankFen != null ? c.bankFen : known.bankFen;
    known.unionFen = c.unionFen != null ? c.unionFen : known.unionFen;
    known.authCode = c.authCode != null ? c.authCode : known.authCode;
    known.reason = c.reason != null ? c.reason : known.reason;
    known.detail = c.detail != null ? c.detail : known.detail;
    if (c.cardRef != null || c.panEncrypted != null) {
      known.card(c.cardRef, c.panEncrypted);
    }
    return this;
  }
}
