package cn.unioncard.agent.store;

/**
 * What a step writes into a transaction besides its new state: only the fields set here change. A step that knows
 * nothing new sets nothing.
 */
public final class TxChange {
  Long amountFen;
  Long benefitFen;
  Long debitFen;
  Long ecashFen;
  Long purseFen;
  Long merchantFen;
  Long bankFen;
  Long unionFen;
  String authCode;
  String reason;
  String detail;
  String cardRef;
  byte[] panEncrypted;

  public static TxChange none() {
    return new TxChange();
  }

  /** What the member paid and from which account. */
  public TxChange funding(long benefitFen, long debitFen, long ecashFen, long purseFen) {
    this.benefitFen = benefitFen;
    this.debitFen = debitFen;
    this.ecashFen = ecashFen;
    this.purseFen = purseFen;
    this.amountFen = benefitFen + debitFen + ecashFen + purseFen;
    return this;
  }

  /** Who funds the discount: merchant concession, bank subsidy, the union's ride subsidy. */
  public TxChange discountFunding(long merchantFen, long bankFen, long unionFen) {
    this.merchantFen = merchantFen;
    this.bankFen = bankFen;
    this.unionFen = unionFen;
    return this;
  }

  public TxChange authCode(String authCode) {
    this.authCode = authCode;
    return this;
  }

  /** Why it was declined, cancelled or reversed (a code from the flow or the bank). */
  public TxChange reason(String reason) {
    this.reason = reason;
    return this;
  }

  public TxChange detail(String json) {
    this.detail = json;
    return this;
  }

  /** The card, once known: the PAN's keyed hash (or the transit card number) and the encrypted PAN. */
  public TxChange card(String cardRef, byte[] panEncrypted) {
    this.cardRef = cardRef;
    this.panEncrypted = panEncrypted == null ? null : panEncrypted.clone();
    return this;
  }
}
