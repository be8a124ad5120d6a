package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.Completion;
import cn.unioncard.agent.card.payment.IssuerAnswer;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card told the bank's answer. A decline by the bank ends the sale; an approval the card did not finish is
 * undone at once (the bank holds the money).
 */
final class CompleteStep implements SaleSteps.Step {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final PaymentKernel kernel;
  private final TransactionStore store;
  private final RequestRows rows;
  private final Recovery recovery;

  CompleteStep(PaymentKernel kernel, TransactionStore store, RequestRows rows, Recovery recovery) {
    this.kernel = kernel;
    this.store = store;
    this.rows = rows;
    this.recovery = recovery;
  }

  @Override
  public SaleStep name() {
    return SaleStep.COMPLETE;
  }

  @Override
  public Result run(SaleInProgress s) {
    String ref = s.ref;
    AuthorisationResponse a = s.authorisation;
    Completion c;
    try {
      c = kernel.complete(s.card, s.decision, new IssuerAnswer(a.approved(), Hex.of(a.arc()), Hex.of(a.arpc())));
    } catch (TransportException e) {
      c = null;
    }
    if (!a.approved()) {
      String reason = a.reason();
      return rows.close(s.rec, TxState.AWAITING_BANK, TxState.DECLINED, reason, Answers.answer(SaleInProgress.TYPE,
          ref, Outcome.DECLINED, Answers.arcCode(a.arc()), Answers.bankReasonText(reason)), null);
    }
    if (c == null || !c.approved()) {
      // the bank holds the money but the card did not finish: undo it now
      String why = c == null ? "card_removed" : "declined_by_card";
      try {
        rows.move(s.rec.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED, TxChange.none().reason(why));
        recovery.reverse(store.get(s.rec.id()).get());
      } catch (StoreException e) {
        LOG.warn("SALE {}: {} stays AWAITING_BANK (recovery reverses it): {}", ref, s.rec.id(), e.getMessage());
      }
      return c == null
          ? Answers.cardRemoved(SaleInProgress.TYPE, ref)
          : Answers.answer(SaleInProgress.TYPE, ref, Outcome.DECLINED, Answers.DECLINED_BY_CARD,
              "declined by the card; nothing charged");
    }
    return null;
  }
}
