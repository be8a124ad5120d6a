package cn.unioncard.agent.checkout;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.ReaderIoException;
import java.util.function.BooleanSupplier;

/**
 * Where the checkout gets the member's card: a fresh tap (or insertion) on the terminal's reader. The daemon adapts
 * its readers (PC/SC, Android NFC, the simulator's) to this; a card left on the reader from an earlier checkout is
 * not fresh and is not handed out again.
 */
public interface CardSource {
  /** A card presented for one checkout: its transport (valid until the card leaves) and its interface. */
  record Tap(ApduTransport card, boolean contactless) {}

  /**
   * Waits for a fresh card.
   *
   * @param timeoutMillis how long to wait at most
   * @param cancelled polled while waiting (every 50 ms or so); true stops the wait
   * @return the card, or null when none came in time or the wait was cancelled
   * @throws ReaderIoException the reader is gone
   * @throws InterruptedException the thread was interrupted
   */
  Tap awaitCard(long timeoutMillis, BooleanSupplier cancelled) throws ReaderIoException, InterruptedException;
}
