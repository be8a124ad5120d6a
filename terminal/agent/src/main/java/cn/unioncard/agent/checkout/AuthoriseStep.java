package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.IssuerAnswer;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import java.util.Collections;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank asked to authorise. A refusal without money held declines the sale; no answer leaves the row
 * {@code REVERSAL_NEEDED} for the {@link ReversalDriver}, and the card is told the bank was unreachable.
 */
final class AuthoriseStep implements SaleSteps.Step {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final CheckoutConfig config;
  private final BankClient bank;
  private final PaymentKernel kernel;
  private final RequestRows rows;
  private final CardFactsCache cardFacts;
  private final Recovery recovery;
  private final EventListener listener;

  AuthoriseStep(CheckoutConfig config, BankClient bank, PaymentKernel kernel, RequestRows rows,
      CardFactsCache cardFacts, Recovery recovery, EventListener listener) {
    this.config = config;
    this.bank = bank;
    this.kernel = kernel;
    this.rows = rows;
    this.cardFacts = cardFacts;
    this.recovery = recovery;
    this.listener = listener;
  }

  @Override
  public SaleStep name() {
    return SaleStep.AUTHORISE;
  }

  @Override
  public Result run(SaleInProgress s) {
    String ref = s.ref;
    s.ctx.progress(Stage.ASKING_BANK, "正在联系银行 asking the bank");
    listener.bankCallStart("authorise");
    try {
      s.authorisation = bank.authorise(new AuthorisationRequest(s.rec.id(), config.merchantId(), s.cardRef,
          Hex.encode(s.panEncrypted), s.paid, s.benefit, s.debit, "156", Hex.encode(s.decision.iccData()),
          s.pinBlock));
    } catch (BankException e) {
      listener.bankCallEnd("authorise");
      try {
        kernel.complete(s.card, s.decision, IssuerAnswer.unreachable());
      } catch (TransportException | RuntimeException x) {
        LOG.debug("the card did not take the answer: {}", x.toString());
      }
      if (Answers.answeredWithoutMoney(e.kind())) {
        LOG.warn("SALE {} {}: the bank refused the request: {}", ref, s.rec.id(), e.getMessage());
        return rows.close(s.rec, TxState.AWAITING_BANK, TxState.DECLINED,
            "bank_" + e.kind().name().toLowerCase(Locale.ROOT), Answers.answer(SaleInProgress.TYPE, ref,
                Outcome.DECLINED, Answers.BANK_REFUSED, "the bank refused the request; nothing charged"), null);
      }
      LOG.warn("SALE {} {}: no answer from the bank: {}", ref, s.rec.id(), e.getMessage());
      try {
        rows.move(s.rec.id(), TxState.AWAITING_BANK, TxState.REVERSAL_NEEDED,
            TxChange.none().reason(ReversalReason.NO_ANSWER.name().toLowerCase(Locale.ROOT)));
      } catch (StoreException s2) {
        LOG.warn("SALE {}: {} stays AWAITING_BANK (recovery reverses it): {}", ref, s.rec.id(), s2.getMessage());
      }
      recovery.reversalPending();
      return Answers.answer(SaleInProgress.TYPE, ref, Outcome.FAILED, Answers.NO_BANK,
          "no answer from the bank; nothing charged (the payment is reversed)")
          .withCharges(s.rec.id(), 0, Collections.<Charge>emptyList());
    }
    listener.bankCallEnd("authorise");
    if (s.authorisation.benefitBalanceFen() != null) {
      cardFacts.rememberBalance(s.cardRef, s.authorisation.benefitBalanceFen());
    }
    return null;
  }
}
