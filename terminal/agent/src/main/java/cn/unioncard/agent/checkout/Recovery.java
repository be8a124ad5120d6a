package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.ports.card.TransportException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what earlier requests left: at start-up every unfinished checkout row, and before a card's next
 * transaction that card's rows (its offline sales of unknown outcome told by the card, its authorisations reversed).
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  /** The card's figures now, read only when the card has an offline sale to finish. */
  interface CardFigures {
    OfflineIntent.CardNow read() throws TransportException;
  }

  private final TransactionStore store;
  private final RequestRows rows;
  private final Reversals reversals;
  private final OfflineIntentRecovery intents;
  private final CardFactsCache cardFacts;
  private volatile Runnable reversalPending = () -> { };

  Recovery(TransactionStore store, RequestRows rows, Reversals reversals, OfflineIntentRecovery intents,
      CardFactsCache cardFacts) {
    this.store = store;
    this.rows = rows;
    this.reversals = reversals;
    this.intents = intents;
    this.cardFacts = cardFacts;
  }

  /** Told whenever an authorisation is left to be reversed later. */
  void onReversalPending(Runnable listener) {
    this.reversalPending = Objects.requireNonNull(listener, "listener");
  }

  /** An authorisation is left to be reversed later: the daemon wakes its {@link ReversalDriver}. */
  void reversalPending() {
    reversalPending.run();
  }

  /** See {@link Checkout#recover()}. */
  int recover() throws StoreException {
    int left = 0;
    cardFacts.forgetOld();
    for (TxRecord r : store.unfinished()) {
      if (!finish(r)) {
        left++;
      }
    }
    return left;
  }

  /**
   * Finishes what this card left: its offline sales of unknown outcome are compared with the card now (one that
   * still cannot tell waits, and does not hold up this transaction); with {@code reversals}, its authorisations are
   * reversed (false: only the offline sales, for a BALANCE). False when a reversal is still to be done.
   */
  boolean finishUnfinished(String cardRef, CardFigures figures, boolean reversals) throws TransportException {
    try {
      boolean all = true;
      OfflineIntent.CardNow now = null;
      for (TxRecord r : store.unfinishedForCard(cardRef)) {
        if (OfflineIntentRecovery.waitsForCard(r)) {
          if (!rows.inProgress(r.id())) {
            now = now != null ? now : figures.read();
            try {
              intents.resolve(r, now);
            } catch (StoreException e) {
              LOG.warn("{}: what the card shows cannot be stored, the outcome stays unknown: {}", r.id(),
                  e.getMessage());
            }
          }
        } else if (reversals) {
          all &= finish(r);
        }
      }
      return all;
    } catch (StoreException e) {
      LOG.warn("cannot read this card's unfinished transactions: {}", e.getMessage());
      return false;
    }
  }

  private boolean finish(TxRecord r) {
    if (r.type() == TxType.TRIP) {
      return true; // the gate finishes its own trips at the card's next tap
    }
    if (rows.inProgress(r.id())) {
      return true; // the request running now finishes its own row
    }
    try {
      switch (r.state()) {
        case STARTED:
          rows.move(r.id(), TxState.STARTED, TxState.CANCELLED, TxChange.none().reason("interrupted"));
          return true;
        case AWAITING_BANK:
          r = rows.move(r.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED,
              TxChange.none().reason("no_answer"));
          return reverse(r);
        case REVERSAL_NEEDED:
          return reverse(r);
        default:
          // AWAITING_CARD: an offline sale's card may have paid; never cancelled unseen: its next tap tells
          return true;
      }
    } catch (StoreException e) {
      LOG.warn("cannot finish {}: {}", r.id(), e.getMessage());
      return false;
    }
  }

  /** Reverses a {@code REVERSAL_NEEDED} authorisation at the bank and stores it {@code REVERSED} ({@link Reversals}). */
  boolean reverse(TxRecord r) throws StoreException {
    boolean done = reversals.reverse(r);
    if (!done) {
      reversalPending.run();
    }
    return done;
  }
}
