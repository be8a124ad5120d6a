package cn.unioncard.agent.event;

import cn.unioncard.protocol.ecr.MessageType;

/**
 * Told at the start and the end of each step of the checkout, the gate and the store, for whoever measures them (the
 * benchmarks). Every method does nothing by default; {@link #NONE} is the listener of a terminal in service. One
 * listener is given to each at construction; it is called on the thread doing the step and must not throw.
 * A start is always followed by its end, also when the step fails.
 */
public interface EventListener {
  /** A listener that does nothing. */
  EventListener NONE = new EventListener() {};

  /** The checkout begins a request of the register. */
  default void requestStart(MessageType type) {}

  /** The checkout has its answer to the request. */
  default void requestEnd(MessageType type) {}

  /** A step of a SALE begins. */
  default void saleStepStart(SaleStep step) {}

  /** A step of a SALE ends (the sale may end with it). */
  default void saleStepEnd(SaleStep step) {}

  /** The checkout begins to wait for a card to be presented. */
  default void cardWaitStart() {}

  /** The wait for a card is over (a card came, or none did). */
  default void cardWaitEnd() {}

  /** A command goes to the card. */
  default void cardExchangeStart() {}

  /** The card answered, or the exchange failed. */
  default void cardExchangeEnd() {}

  /** The PIN pad is asked for a PIN. */
  default void pinEntryStart() {}

  /** The PIN pad answered, or did not. */
  default void pinEntryEnd() {}

  /** A call to the bank begins ({@code call}: what is asked, e.g. {@code authorise}). */
  default void bankCallStart(String call) {}

  /** The call to the bank is over (answered or failed). */
  default void bankCallEnd(String call) {}

  /**
   * The store begins a transaction that it commits: {@code durable} with {@code synchronous=FULL} (a record's
   * begin or move), or a cache write that costs no fsync of its own.
   */
  default void storeCommitStart(boolean durable) {}

  /** The store's transaction is committed, or rolled back. */
  default void storeCommitEnd(boolean durable) {}

  /** The checkout or the gate begins a read of the store that it counts as the store's time. */
  default void storeReadStart() {}

  /** The read of the store is over. */
  default void storeReadEnd() {}

  /** The gate begins a tap. */
  default void tapStart() {}

  /** The gate has its answer to the tap. */
  default void tapEnd() {}
}
