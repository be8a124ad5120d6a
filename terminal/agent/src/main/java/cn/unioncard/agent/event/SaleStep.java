package cn.unioncard.agent.event;


/** The steps of a SALE at the checkout, in their order (docs/checkout.md). */
public enum SaleStep {
  /** The card presented and identified; what this card left unfinished finished first. */
  IDENTIFY,
  /** The member category of the card. */
  MEMBER,
  /** The basket priced with the discount rules in force, and split between the accounts. */
  PRICE,
  /** The card's decision on the price (its cryptogram), and the sale's row begun. */
  CARD_DECISION,
  /** The PIN, when the amount or the card asks for it. */
  VERIFY_CARDHOLDER,
  /** The intent stored: the row {@code AWAITING_BANK} before the authorisation leaves. */
  RECORD_INTENT,
  /** The bank asked to authorise. */
  AUTHORISE,
  /** The card told the bank's answer. */
  COMPLETE,
  /** The outcome stored. */
  RECORD
}
