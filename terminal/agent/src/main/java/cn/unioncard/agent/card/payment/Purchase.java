package cn.unioncard.agent.card.payment;

/**
 * What the terminal asks the card for.
 *
 * @param amountFen the amount the card is to authorise, in fen: the whole amount after discounts (the split
 *     between the benefit and the debit account is the bank's business, decided at the authorisation)
 * @param forceOnline whether the terminal insists on the issuer's authorisation (it does whenever the benefit
 *     account is to pay part, so the card cannot approve offline from electronic cash)
 * @param contactless whether the card is in a contactless reader's field (qPBOC) rather than in a contact slot
 *     (PBOC 3.0); the reader's role says which
 */
public record Purchase(long amountFen, boolean forceOnline, boolean contactless) {
  public Purchase {
    if (amountFen < 0) {
      throw new IllegalArgumentException("amountFen is negative: " + amountFen);
    }
  }
}
