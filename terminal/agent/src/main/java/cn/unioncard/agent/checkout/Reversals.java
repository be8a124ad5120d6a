package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.ReversalResponse;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes an authorisation at the bank: {@code POST /v1/reversals} for a {@code REVERSAL_NEEDED} row, then the row
 * {@code REVERSED} (docs/checkout.md, Reversals). Used by the checkout during a sale and before a card's next one,
 * and by the {@link ReversalDriver} in the background.
 */
final class Reversals {
  private static final Logger LOG = LoggerFactory.getLogger(Reversals.class);

  private final BankClient bank;
  private final TransactionStore store;
  private final EventListener listener;

  Reversals(BankClient bank, TransactionStore store) {
    this(bank, store, EventListener.NONE);
  }

  /** As above, telling {@code listener} of each call to the bank. */
  Reversals(BankClient bank, TransactionStore store, EventListener listener) {
    this.bank = bank;
    this.store = store;
    this.listener = listener;
  }

  /**
   * The reversal's own id (its idempotency key) is the original's id with {@code -R}: the same on every attempt and
   * after a restart, and never an id the store gives.
   */
  static String reversalId(String originalId) {
    return originalId + "-R";
  }

  /** Why a row is reversed, from the reason stored when it became {@code REVERSAL_NEEDED}. */
  static ReversalReason reasonOf(TxRecord r) {
    return "card_removed".equals(r.reason()) ? ReversalReason.CARD_REMOVED
        : "declined_by_card".equals(r.reason()) ? ReversalReason.DECLINED_BY_CARD : ReversalReason.NO_ANSWER;
  }

  /**
   * Finishes an authorisation left without an outcome: an {@code AWAITING_BANK} row becomes {@code REVERSAL_NEEDED}
   * ({@code no_answer}), and a {@code REVERSAL_NEEDED} row is reversed. False when the bank has not confirmed it yet.
   */
  boolean finish(TxRecord r) throws StoreException {
    if (r.state() == TxState.AWAITING_BANK) {
      r = store.move(r.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED, TxChange.none().reason("no_answer"));
    }
    return r.state() != TxState.REVERSAL_NEEDED || reverse(r);
  }

  /** Reverses a {@code REVERSAL_NEEDED} authorisation at the bank and stores it {@code REVERSED}. */
  boolean reverse(TxRecord r) throws StoreException {
    ReversalReason reason = reasonOf(r);
    ReversalResponse answer = call(r, reason);
    if (answer == null) {
      return false;
    }
    store.move(r.id(), TxState.REVERSAL_NEEDED, TxState.REVERSED, TxChange.none().reason(
        reason.name().toLowerCase(Locale.ROOT) + ";" + answer.result().name().toLowerCase(Locale.ROOT)));
    LOG.info("{} reversed ({}): {}", r.id(), reason, answer.result());
    return true;
  }

  /** Asks the bank to undo {@code r}; null when it did not answer (try again later). */
  ReversalResponse call(TxRecord r, ReversalReason reason) {
    listener.bankCallStart("reverse");
    try {
      return bank.reverse(new ReversalRequest(reversalId(r.id()), r.id(), r.amountFen(), reason));
    } catch (BankException e) {
      LOG.warn("reversal of {} not done yet: {}", r.id(), e.getMessage());
      return null;
    } finally {
      listener.bankCallEnd("reverse");
    }
  }
}
