package cn.unioncard.agent.card.payment;

/**
 * What the terminal asks the card for: the amount the card is to authorise (the debit account's part, in fen; the
 * benefit account is the bank's business, not the card's), and whether the terminal insists on going online (it
 * does whenever the benefit account pays part, or the member asked for debit only above the card's offline means).
 */
public record Purchase(long amountFen, boolean forceOnline) {
  public Purchase {
    if (amountFen < 0) {
      throw new IllegalArgumentException("amountFen is negative: " + amountFen);
    }
  }
}
