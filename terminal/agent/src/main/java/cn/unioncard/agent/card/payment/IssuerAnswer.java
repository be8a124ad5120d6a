package cn.unioncard.agent.card.payment;

/**
 * The issuer's answer to an online authorisation, for the card: approved or not, the authorisation response code
 * (8A, 2 bytes) and the ARPC (8 bytes). {@link #unreachable()} when the bank did not answer.
 */
public record IssuerAnswer(boolean approved, byte[] arc, byte[] arpc) {

  /** No answer from the bank: a contact card is told "unable to go online" and declines. */
  public static IssuerAnswer unreachable() {
    return new IssuerAnswer(false, null, null);
  }

  public boolean reached() {
    return arc != null;
  }
}
