package cn.unioncard.android;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.ports.card.TransportException;

/** Told the outcome of each tap: exactly one of the two methods is called once per card handled. */
public interface CardTapListener {
  /** The card was read; the PAN in {@code read} is masked already. */
  void onCardRead(CardRead read);

  /**
   * The read failed: {@link cn.unioncard.ports.card.CardIoException} (the card left, or is not an ISO-DEP card) or
   * {@link cn.unioncard.ports.card.ReaderIoException} (NFC went off). Nothing was half-read into a result.
   */
  void onReadFailed(TransportException failure);
}
