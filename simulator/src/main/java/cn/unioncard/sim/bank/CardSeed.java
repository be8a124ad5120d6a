package cn.unioncard.sim.bank;

/**
 * A card the issuer knows (the seed the lead wires to the simulated cards' profiles): PAN and PAN sequence
 * number, expiry {@code YYMMDD} (tag 5F24), the online PIN (or null), the member it belongs to (or null), the
 * debit account's balance and the benefit account's (null: no benefit account), and whether it is blocked.
 * The ledger keeps only the PAN's hash and a keyed check value of the PIN.
 */
public record CardSeed(
    String pan,
    String psn,
    String expiry,
    String pin,
    MemberSeed member,
    long debitBalanceFen,
    Long benefitBalanceFen,
    boolean blocked) {

  /** A union member (docs/bank-api.md, member look-up); category {@code ordinary}, {@code model_worker}, ... */
  public record MemberSeed(String memberId, String union, String category, String validUntil) {}

  public CardSeed {
    if (pan == null || !pan.matches("[0-9]{8,19}")) {
      throw new IllegalArgumentException("pan must be 8 to 19 digits");
    }
    if (psn == null || !psn.matches("[0-9]{2}")) {
      throw new IllegalArgumentException("psn must be two digits");
    }
    if (expiry == null || !expiry.matches("[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])")) {
      throw new IllegalArgumentException("expiry must be YYMMDD");
    }
    if (pin != null && !pin.matches("[0-9]{4,12}")) {
      throw new IllegalArgumentException("pin must be 4 to 12 digits");
    }
    if (debitBalanceFen < 0 || (benefitBalanceFen != null && benefitBalanceFen < 0)) {
      throw new IllegalArgumentException("balances must not be negative");
    }
    if (member != null) {
      if (member.memberId() == null || member.memberId().isEmpty() || member.union() == null
          || member.union().isEmpty()) {
        throw new IllegalArgumentException("a member needs member_id and union");
      }
      if (member.category() == null
          || !member.category().matches("ordinary|model_worker|migrant_worker|in_hardship")) {
        throw new IllegalArgumentException(
            "category must be ordinary, model_worker, migrant_worker or in_hardship");
      }
      if (member.validUntil() == null || !member.validUntil().matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
        throw new IllegalArgumentException("valid_until must be YYYY-MM-DD");
      }
    }
  }

  /** A card with a PIN, debit and benefit balances, not a member, not blocked. */
  public static CardSeed of(String pan, String psn, String expiry, String pin, long debitFen, Long benefitFen) {
    return new CardSeed(pan, psn, expiry, pin, null, debitFen, benefitFen, false);
  }

  /** This card belonging to a member. */
  public CardSeed withMember(MemberSeed m) {
    return new CardSeed(pan, psn, expiry, pin, m, debitBalanceFen, benefitBalanceFen, blocked);
  }

  /** This card blocked (or not). */
  public CardSeed withBlocked(boolean b) {
    return new CardSeed(pan, psn, expiry, pin, member, debitBalanceFen, benefitBalanceFen, b);
  }

  @Override
  public String toString() {
    return "CardSeed[" + pan.substring(0, Math.min(6, pan.length())) + "…" + pan.substring(pan.length() - 4)
        + "]";
  }
}
