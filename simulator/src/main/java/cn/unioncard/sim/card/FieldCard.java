package cn.unioncard.sim.card;

import cn.unioncard.ports.card.ApduTransport;

/**
 * A simulated card as a reader sees it: it answers APDUs while it is in the field, and can leave and come back
 * (a tap). The behaviour wrappers ({@link ChainingCard}, {@link SlowCard}, {@link TearingCard}) are field cards
 * around another.
 */
public interface FieldCard extends ApduTransport {
  /** The answer to reset (for a contactless card, the ATR a PC/SC reader builds from its ATS). */
  byte[] atr();

  /** The card leaves the field: session state is lost; {@link #transmit} fails until {@link #enterField()}. */
  void leaveField();

  /** The card enters the field (is inserted or tapped): nothing is selected. */
  void enterField();

  /** Whether the card is in the field. */
  boolean inField();
}
