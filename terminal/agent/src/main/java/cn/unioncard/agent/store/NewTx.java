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
}
