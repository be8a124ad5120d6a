package cn.unioncard.agent.store;

/** What a stored transaction is. */
public enum TxType {
  /** A purchase at a checkout. */
  SALE,
  /** Money returned for a stored sale, partly or wholly, to the accounts it came from. */
  REFUND,
  /** The last sale cancelled before settlement. */
  VOID,
  /** An authorisation undone (no answer from the bank, card removed, declined by the card). */
  REVERSAL,
  /** A ride paid at a gate from the transit purse. */
  TRIP
}
